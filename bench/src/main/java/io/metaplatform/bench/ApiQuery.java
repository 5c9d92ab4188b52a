package io.metaplatform.bench;

/** The five query shapes of the GraphQL benchmark; {@code %s} in a document is the id of a company of the tenant. */
enum ApiQuery {

    Q1("by id, 5 fields", "{ company(id: \"%s\") { id name city status email } }"),
    Q2("filtered sorted page of 20", """
            { companies(filter: {status: {eq: ACTIVE}}, orderBy: [{field: name}], first: 20) {
                edges { node { id name city zip status } } } }"""),
    Q3("20 parents x 10 children", """
            { companies(orderBy: [{field: name}], first: 20) { edges { node { id name
                contacts(orderBy: [{field: lastName}], first: 10) { edges { node { id lastName email } } } } } } }"""),
    Q4("3 levels + to-one lookup", """
            { companies(orderBy: [{field: name}], first: 10) { edges { node { name
                contacts(orderBy: [{field: lastName}], first: 5) { edges { node { lastName
                  deals(first: 5) { edges { node { name amount { amount currencyCode } company { name city } } } } } } } } } } }"""),
    Q5("500 rows x 10 fields", """
            { contacts(orderBy: [{field: lastName}], first: 500) { edges { node {
                id firstName lastName email phone mobile position department isPrimary createdAt } } } }""");

    private final String label;
    private final String document;

    ApiQuery(String label, String document) {
        this.label = label;
        this.document = document;
    }

    String label() {
        return label;
    }

    String document(String companyId) {
        return document.contains("%s") ? document.formatted(companyId) : document;
    }
}
