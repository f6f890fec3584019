// title: Unresolved names and other problems
// description: The loader's data-quality findings of a severity, with the node each one concerns and its report line.
// param: severity | list | error,warning | severities to list (error, warning, info)
// tags: quality
MATCH (q:Problem) WHERE q.severity IN $severity
OPTIONAL MATCH (q)-[:CONCERNS]->(n)
RETURN q.severity AS severity, q.line AS line, q.message AS message, n.id AS concerns
ORDER BY severity, line, message, concerns
