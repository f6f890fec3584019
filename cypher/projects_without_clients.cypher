// title: Projects without a resolved client
// (an OPTIONAL MATCH, not a NOT pattern: FalkorDB evaluates the pattern predicate 8x slower on a large graph)
// description: Projects whose client line resolved to no member or organisation, with what the report wrote.
// tags: quality, projects
MATCH (p:Project)
OPTIONAL MATCH (p)-[f:FOR]->()
WITH p, f WHERE f IS NULL
RETURN p.name AS project, p.clients_raw AS clients_as_written, p.page AS page, p.line AS line
ORDER BY project
