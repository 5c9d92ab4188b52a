package io.metaplatform.bench;

/**
 * The query shapes of the GraphQL benchmark (Q6 and Q7: the same page through indexed custom fields and through the
 * built-in columns they copy, issue 16); {@code %s} in a document is the id of a company of the tenant. Q1-Q4 also
 * have PostGraphile's document for the same rows and fields in the same order ({@code %t}: the tenant's id), for the side by
 * side run; Q5 has none. Q8 is Q1's fields with {@code @include}/{@code @skip} conditions that leave them as they are
 * (and one field out): what a directive costs.
 */
enum ApiQuery {

    Q1("by id, 5 fields", "{ company(id: \"%s\") { id name city status email } }",
            "{ companyByTenantIdAndId(tenantId: \"%t\", id: \"%s\") { id name city status email } }"),
    Q2("filtered sorted page of 20", """
            { companies(filter: {status: {eq: ACTIVE}}, orderBy: [{field: name}], first: 20) {
                edges { node { id name city zip status } } } }""", """
            { allCompanies(filter: {status: {equalTo: "active"}}, orderBy: [NAME_ASC, ID_ASC], first: 20) {
                nodes { id name city zip status } } }"""),
    Q3("20 parents x 10 children", """
            { companies(orderBy: [{field: name}], first: 20) { edges { node { id name
                contacts(orderBy: [{field: lastName}], first: 10) { edges { node { id lastName email } } } } } } }""", """
            { allCompanies(orderBy: [NAME_ASC, ID_ASC], first: 20) { nodes { id name
                contactsByTenantIdAndCompanyId(orderBy: [LAST_NAME_ASC, ID_ASC], first: 10) { nodes { id lastName email } } } } }"""),
    Q4("3 levels + to-one lookup", """
            { companies(orderBy: [{field: name}], first: 10) { edges { node { name
                contacts(orderBy: [{field: lastName}], first: 5) { edges { node { lastName
                  deals(first: 5) { edges { node { name amount { amount currencyCode } company { name city } } } } } } } } } } }""", """
            { allCompanies(orderBy: [NAME_ASC, ID_ASC], first: 10) { nodes { name
                contactsByTenantIdAndCompanyId(orderBy: [LAST_NAME_ASC, ID_ASC], first: 5) { nodes { lastName
                  dealsByTenantIdAndContactId(orderBy: [PRIMARY_KEY_ASC], first: 5) { nodes { name amount amountCurrency
                    companyByTenantIdAndCompanyId { name city } } } } } } } }"""),
    Q5("500 rows x 10 fields", """
            { contacts(orderBy: [{field: lastName}], first: 500) { edges { node {
                id firstName lastName email phone mobile position department isPrimary createdAt } } } }""", null),
    Q6("custom fields: filter + sort", """
            { companies(filter: {cityCopy: {eq: "Berlin"}}, orderBy: [{field: nameCopy}], first: 20) {
                edges { node { id name city zip status } } } }""", null),
    Q7("built-in columns: same as Q6", """
            { companies(filter: {city: {eq: "Berlin"}}, orderBy: [{field: name}], first: 20) {
                edges { node { id name city zip status } } } }""", null),
    Q8("Q1 with @include/@skip", "{ company(id: \"%s\") { id name city @include(if: true) status @skip(if: false) email zip @include(if: false) } }",
            "{ companyByTenantIdAndId(tenantId: \"%t\", id: \"%s\") { id name city @include(if: true) status @skip(if: false) email"
                    + " zip @include(if: false) } }");

    private final String label;
    private final String document;
    private final String postGraphile;

    ApiQuery(String label, String document, String postGraphile) {
        this.label = label;
        this.document = document;
        this.postGraphile = postGraphile;
    }

    String label() {
        return label;
    }

    String document(String companyId) {
        return document.contains("%s") ? document.formatted(companyId) : document;
    }

    /** Whether PostGraphile has a document of this shape. */
    boolean hasPostGraphile() {
        return postGraphile != null;
    }

    /** PostGraphile's document of this shape for the tenant. */
    String postGraphileDocument(String tenant, String companyId) {
        return postGraphile.replace("%t", tenant).replace("%s", companyId);
    }
}
