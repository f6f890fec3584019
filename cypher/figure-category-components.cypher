// title: Components per member category
// description: Institutions that use a reusable component, directly or through a project, coloured by member category (A, B, C). One pattern, ordered by component, so that a large graph is cut at the row cap in the engine (and the cut is announced).
// tags: figure
// max_rows: 200
MATCH (s:Service)<-[use]-(holder)
WHERE s.reusable = true AND ((holder:Project AND type(use) IN ['REUSES', 'DELIVERS'])
                             OR (holder:Member AND type(use) = 'USES'))
OPTIONAL MATCH (holder)-[link:FOR]->(client:Member)
WITH s, use, holder, link, client WHERE holder:Member OR client IS NOT NULL
WITH s, CASE WHEN client IS NULL THEN holder ELSE client END AS m,
     CASE WHEN client IS NULL THEN use ELSE link END AS f,
     CASE WHEN client IS NULL THEN NULL ELSE holder END AS p,
     CASE WHEN client IS NULL THEN NULL ELSE use END AS r
RETURN m, f, p, r, s
ORDER BY s.id, m.id, p.id
