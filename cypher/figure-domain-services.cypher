// title: Services of a report section and their users
// description: The services described in one section of the report (domain, e.g. Services G-Cloud), the projects that reuse them and the institutions that use them.
// param: domain | string | G-Cloud | text contained in the section name (Service.domain)
// tags: figure
// max_rows: 200
MATCH (s:Service)
WHERE toLower(s.domain) CONTAINS toLower($domain)
OPTIONAL MATCH (p:Project)-[r:REUSES|DELIVERS]->(s)
OPTIONAL MATCH (p)-[f:FOR]->(c)
OPTIONAL MATCH (u)-[d:USES]->(s)
RETURN s, p, r, f, c, u, d
ORDER BY s.id, p.id, c.id, u.id
