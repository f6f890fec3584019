// title: Projects using a technology
// description: The projects whose technology line names a technology, with their clients and status.
// param: technology | string | t:xml | key of the technology (Technology.id)
// phrase: projects using {technology}
// tags: technologies, projects
MATCH (t:Technology {id: $technology})<-[u:USES]-(p:Project)
OPTIONAL MATCH (p)-[f:FOR]->(c)
RETURN p.name AS project, p.status AS status, collect(DISTINCT coalesce(c.acronym, c.name)) AS clients, t, u, p
ORDER BY project
