// title: Technologies shared by the most projects
// description: The technologies named in the most projects' technology lines, with those projects.
// param: top | int | 8 | how many technologies
// tags: figure
MATCH (t:Technology)<-[:USES]-(p:Project)
WITH t, count(DISTINCT p) AS projects
ORDER BY projects DESC, t.name
LIMIT $top
MATCH (t)<-[r:USES]-(q:Project)
RETURN t, r, q
