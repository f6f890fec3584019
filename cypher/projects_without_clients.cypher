// title: Projects without a resolved client
// description: Projects whose client line resolved to no member or organisation, with what the report wrote.
// tags: quality, projects
MATCH (p:Project)
WHERE NOT (p)-[:FOR]->()
RETURN p.name AS project, p.clients_raw AS clients_as_written, p.page AS page, p.line AS line
ORDER BY project
