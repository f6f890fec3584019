// title: Components per member category
// description: Institutions that use a reusable component, directly or through a project, coloured by member category (A, B, C).
// tags: figure
MATCH (m:Member)<-[f:FOR]-(p:Project)-[r:REUSES|DELIVERS]->(s:Service)
WHERE s.reusable = true
RETURN m, f, p, r, s
UNION
MATCH (m:Member)-[f:USES]->(s:Service)
WHERE s.reusable = true
RETURN m, f, NULL AS p, NULL AS r, s
