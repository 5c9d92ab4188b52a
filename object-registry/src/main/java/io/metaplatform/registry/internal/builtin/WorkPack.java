package io.metaplatform.registry.internal.builtin;

import static io.metaplatform.registry.internal.builtin.PackDsl.bool;
import static io.metaplatform.registry.internal.builtin.PackDsl.currency;
import static io.metaplatform.registry.internal.builtin.PackDsl.date;
import static io.metaplatform.registry.internal.builtin.PackDsl.dateTime;
import static io.metaplatform.registry.internal.builtin.PackDsl.integer;
import static io.metaplatform.registry.internal.builtin.PackDsl.longText;
import static io.metaplatform.registry.internal.builtin.PackDsl.manyToOne;
import static io.metaplatform.registry.internal.builtin.PackDsl.object;
import static io.metaplatform.registry.internal.builtin.PackDsl.select;
import static io.metaplatform.registry.internal.builtin.PackDsl.text;

import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.FieldType.OnDelete;
import io.metaplatform.registry.ObjectDefinition;
import java.util.List;

/** Work: projects and the time spent on them. */
final class WorkPack {

    static final String NAME = "work";
    static final int VERSION = 2;

    private WorkPack() {
    }

    static List<ObjectDefinition> objects() {
        return List.of(project(), timeEntry());
    }

    static ObjectDefinition project() {
        return object(200, "project", "Project", "Projects", "Work for a customer or in-house, with a budget and a schedule.",
                text("number", "Number", 50).unique(),
                text("title", "Title", 200).required(),
                manyToOne("company", "Company", "company", OnDelete.SET_NULL, "projects", "Projects"),
                select("status", "Status", "planning:Planning", "active:Active", "on_hold:On hold", "completed:Completed",
                        "cancelled:Cancelled").defaultValue("PLANNING"),
                select("priority", "Priority", "low:Low", "medium:Medium", "high:High", "urgent:Urgent").defaultValue("MEDIUM"),
                date("startDate", "Start date"),
                date("endDate", "End date"),
                date("deadline", "Deadline"),
                currency("budget", "Budget"),
                currency("hourlyRate", "Hourly rate"),
                longText("description", "Description"),
                PackDsl.rollup("loggedMinutes", "Logged minutes", "timeEntries", FieldType.RollupFunction.SUM, "durationMinutes"),
                PackDsl.formula("loggedHours", "Logged hours", "loggedMinutes / 60", FieldType.ResultKind.DECIMAL),
                PackDsl.formula("budgetUsed", "Budget used", "loggedMinutes / 60 * hourlyRate / budget", FieldType.ResultKind.PERCENT)
                        .describedAs("Logged hours at the project's hourly rate, as a share of the budget."));
    }

    static ObjectDefinition timeEntry() {
        return object(210, "timeEntry", "Time entry", "Time entries", "Time a user spent on a project.",
                manyToOne("project", "Project", "project", OnDelete.CASCADE, "timeEntries", "Time entries").required(),
                // user is a reserved word in PostgreSQL
                text("user", "User", 255).required().column("user_name").describedAs("The id of the user who did the work."),
                dateTime("startTime", "Start").required(),
                dateTime("endTime", "End"),
                integer("durationMinutes", "Duration (minutes)").range("0", null)
                        .describedAs("Entered by the user, not computed from start and end."),
                PackDsl.formula("elapsedMinutes", "Elapsed minutes", "MINUTES(startTime, endTime)", FieldType.ResultKind.INTEGER)
                        .describedAs("Whole minutes from start to end (rounded); empty while the entry runs."),
                bool("billable", "Billable").defaultValue(true),
                currency("hourlyRate", "Hourly rate"),
                longText("note", "Note"),
                select("taskType", "Task type", "development:Development", "meeting:Meeting", "support:Support",
                        "consulting:Consulting", "design:Design", "other:Other"),
                bool("approved", "Approved").defaultValue(false),
                bool("invoiced", "Invoiced").defaultValue(false));
    }
}
