package io.metaplatform.plugins.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.SearchContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The contract catches the mistakes it is there for, and skips only what does not apply. */
class ConnectorContractTestTest {

    private static final String SELF_TEST = "testkit.self-test";

    @Test
    void failsAConnectorThatEmitsARecordTwice() {
        var events = run(DuplicatingConnectorContract.class);

        events.assertThatEvents().haveExactly(1, event(test("fullReadReturnsEveryRecordOnce"), finishedWithFailure()));
    }

    @Test
    void failsAConnectorThatIgnoresItsCheckpoint() {
        var events = run(ForgetfulConnectorContract.class);

        events.assertThatEvents()
                .haveExactly(1, event(test("incrementalReadAfterChangesReturnsOnlyTheChanges"), finishedWithFailure()))
                .haveExactly(1, event(test("resumingFromACheckpointLosesNothingAndDoublesNothing"), finishedWithFailure()));
    }

    @Test
    void failsAConnectorThatReportsRefusedCredentialsAsAnOrdinaryFailure() {
        var events = run(LenientConnectorContract.class);

        events.assertThatEvents().haveExactly(1, event(test("checkFailsOnBadCredentialsWithTheCredentialsError"), finishedWithFailure()));
    }

    @Test
    void skipsTheWriteTestWithItsReasonWhenTheStreamIsReadOnly() {
        var events = run(ReadOnlyConnectorContract.class);

        events.assertThatEvents().haveExactly(1, event(test("writeRoundTrips"), abortedWithReason(message(text -> text.endsWith("stream notes is not writable")))));
        events.assertThatEvents().haveExactly(1, event(test("fullReadReturnsEveryRecordOnce"), finishedSuccessfully()));
        events.assertThatEvents().haveExactly(1, event(test("searchFindsRecordsOfTheStreamByItsDeclaredCriteria"),
                abortedWithReason(message(text -> text.endsWith("stream notes declares no search criteria")))));
    }

    @Test
    void failsAConnectorThatSearchesByACriterionItDoesNotDeclare() {
        var events = run(CarelessSearchConnectorContract.class);

        events.assertThatEvents()
                .haveExactly(1, event(test("searchRefusesACriterionTheStreamDoesNotDeclare"), finishedWithFailure()))
                .haveExactly(1, event(test("searchFindsRecordsOfTheStreamByItsDeclaredCriteria"), finishedSuccessfully()));
    }

    private static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract))
                .configurationParameter(SELF_TEST, "true").execute().testEvents();
    }

    /** Keeps the broken contracts below from running as tests of their own. */
    static final class OnlyInThisSelfTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SELF_TEST).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ConnectorContractTestTest")
                    : ConditionEvaluationResult.disabled("a fixture of ConnectorContractTestTest");
        }
    }

    @ExtendWith(OnlyInThisSelfTest.class)
    abstract static class NotesContract extends ConnectorContractTest {
        @Override
        protected FakeExternalSystem startFakeSystem() {
            return new FakeNotes(5);
        }

        @Override
        protected String streamUnderTest() {
            return "notes";
        }
    }

    static class DuplicatingConnectorContract extends NotesContract {
        @Override
        protected Connector createConnector() {
            return new NotesConnector() {
                @Override
                public void read(ReadContext context) {
                    super.read(context);
                    context.sink().record(ExternalRecord.of("n1", null, Map.of("title", "note 1")));
                }
            };
        }
    }

    static class CarelessSearchConnectorContract extends NotesContract {
        @Override
        protected Connector createConnector() {
            return new NotesConnector() {
                @Override
                public List<ExternalRecord> search(SearchContext context) {
                    return searchByTitle(context, context.criteria().values().iterator().next());
                }
            };
        }

        @Override
        protected Optional<Map<String, String>> searchSample() {
            return Optional.of(Map.of("title", "note"));
        }
    }

    static class ForgetfulConnectorContract extends NotesContract {
        @Override
        protected Connector createConnector() {
            return new NotesConnector() {
                @Override
                protected long startCursor(ReadContext context) {
                    return 0;
                }
            };
        }
    }

    static class LenientConnectorContract extends NotesContract {
        @Override
        protected Connector createConnector() {
            return new NotesConnector() {
                @Override
                public CheckResult check(ConnectorContext context) {
                    try {
                        return super.check(context);
                    } catch (CredentialsException e) {
                        return CheckResult.failed(e.getMessage());
                    }
                }
            };
        }
    }

    static class ReadOnlyConnectorContract extends NotesContract {
        @Override
        protected Connector createConnector() {
            return new NotesConnector() {
                @Override
                public ConnectorDescriptor descriptor() {
                    var full = super.descriptor();
                    var notes = full.streams().getFirst();
                    var readOnly = new StreamDescriptor(notes.name(), notes.targetObject(), notes.primaryKey(), notes.cursorField(),
                            notes.modes(), false, notes.mappings());
                    return new ConnectorDescriptor(full.id(), full.name(), full.version(), full.apiVersion(), full.config(),
                            List.of(readOnly), full.rateLimit(), full.oauth());
                }
            };
        }
    }
}
