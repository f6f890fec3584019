// title: Components by number of members
// description: Reusable components ranked by how many distinct members use them (directly, or as clients of a project that reuses or delivers them).
// param: min_members | int | 1 | only components with at least this many members
// tags: components
MATCH (s:Service) WHERE s.reusable = true
OPTIONAL MATCH (s)<-[:REUSES|DELIVERS]-(:Project)-[:FOR]->(m1:Member)
OPTIONAL MATCH (s)<-[:USES]-(m2:Member)
WITH s, collect(DISTINCT m1.id) + collect(DISTINCT m2.id) AS ids
UNWIND (CASE WHEN size(ids) = 0 THEN [null] ELSE ids END) AS id
WITH s, collect(DISTINCT id) AS members
WHERE size(members) >= $min_members
RETURN s.name AS component, s.domain AS domain, size(members) AS members
ORDER BY members DESC, component
