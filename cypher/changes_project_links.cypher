// title: What changed: clients, technologies and components of projects
// description: For projects in both editions: the clients, technologies and reused components one edition names and the other does not, with the report line.
// param: before | int | 2025 | the earlier edition (year)
// param: after | int | 2026 | the later edition (year)
// tags: editions, projects
MATCH (e1:Edition) WHERE e1.year = $before
MATCH (e2:Edition) WHERE e2.year = $after
MATCH (p:Project)-[r:FOR|USES|REUSES|DELIVERS]->(x)
WHERE $before IN p.editions AND $after IN p.editions AND ($before IN r.editions) <> ($after IN r.editions)
WITH p, r, x, $after IN r.editions AS gained, range(0, size(r.editions) - 1) AS ix
RETURN CASE type(r) WHEN 'FOR' THEN 'client' WHEN 'USES' THEN 'technology' ELSE 'component' END
         + CASE WHEN gained THEN ' gained' ELSE ' lost' END AS change,
       p.id AS key, p.name AS project, x.id AS other_key, coalesce(x.acronym, x.name) AS other,
       [i IN ix WHERE r.editions[i] = $before | r.line_by_edition[i]][0] AS line_before,
       [i IN ix WHERE r.editions[i] = $after | r.line_by_edition[i]][0] AS line_after
ORDER BY change, key, other_key
