// title: Projects using a technology
// description: The projects whose technology line names a technology, with their clients and status; the first 200 by name (a technology of thousands of projects is cut in the engine, and the cut is announced).
// param: technology | string | t:xml | key of the technology (Technology.id)
// phrase: projects using {technology}
// tags: technologies, projects
// max_rows: 200
// (the projects are cut before their clients are gathered: LIMIT 201 is the row cap plus the one row that tells
// the page there are more)
MATCH (t:Technology {id: $technology})<-[u:USES]-(p:Project)
WITH t, u, p ORDER BY p.name LIMIT 201
OPTIONAL MATCH (p)-[f:FOR]->(c)
RETURN p.name AS project, p.status AS status, collect(DISTINCT coalesce(c.acronym, c.name)) AS clients, t, u, p
ORDER BY project
