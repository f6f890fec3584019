// title: Technologies shared by most projects
// description: Technologies of the projects' stacks, by number of projects, with the members behind them.
// param: top | int | 20 | how many technologies
// tags: technologies
MATCH (p:Project)-[:USES]->(t:Technology)
OPTIONAL MATCH (p)-[:FOR]->(m:Member)
WITH t, count(DISTINCT p) AS projects, count(DISTINCT m) AS members
RETURN t.name AS technology, t.category AS category, projects, members
ORDER BY projects DESC, technology
LIMIT $top
