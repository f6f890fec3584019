// title: What changed: users of components
// description: Members that started or stopped using a component from one edition to another, directly or as clients of a project that reuses or delivers it (the one definition of a user, each link read in that edition).
// param: before | int | 2025 | the earlier edition (year)
// param: after | int | 2026 | the later edition (year)
// tags: editions, components
MATCH (e1:Edition) WHERE e1.year = $before
MATCH (e2:Edition) WHERE e2.year = $after
MATCH (m:Member)-[x:USES|FOR]-(n)
WHERE (n:Service AND startNode(x) = m) OR (n:Project AND endNode(x) = m)
OPTIONAL MATCH (n)-[r:REUSES|DELIVERS]->(s2:Service)
WITH m, CASE WHEN n:Service THEN n ELSE s2 END AS s,
     CASE WHEN n:Service THEN x.editions ELSE [y IN coalesce(r.editions, []) WHERE y IN x.editions] END AS editions
WHERE s IS NOT NULL
WITH m, s, collect(editions) AS lists
WITH m, s, reduce(acc = [], e IN lists | acc + e) AS editions
WITH m, s, $before IN editions AS was, $after IN editions AS is
WHERE was <> is
RETURN CASE WHEN is THEN 'user gained' ELSE 'user lost' END AS change, s.id AS key, s.name AS component,
       m.id AS member_key, coalesce(m.acronym, m.name) AS member
ORDER BY change, key, member_key
