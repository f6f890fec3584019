// title: Projects by status
// description: How many projects per normalised status, with their names.
// tags: projects
MATCH (p:Project)
RETURN coalesce(p.status_norm, 'unknown') AS status, count(*) AS projects, collect(p.name) AS names
ORDER BY projects DESC, status
