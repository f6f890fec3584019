// title: Technologies shared by the most projects
// (one query for the table and the figure: it replaced a near-duplicate that only counted)
// description: The technologies named in the most projects' technology lines, with those projects (at most per_technology of each, in key order).
// param: top | int | 8 | how many technologies
// param: per_technology | int | 60 | projects drawn per technology at most (projects_in_all counts them all)
// tags: figure
MATCH (t:Technology)<-[:USES]-(p:Project)
WITH t, count(DISTINCT p) AS projects
ORDER BY projects DESC, t.name
LIMIT $top
MATCH (t)<-[r:USES]-(q:Project)
WITH t, projects, r, q ORDER BY q.id
WITH t, projects, collect([r, q])[..$per_technology] AS links
UNWIND links AS link
RETURN t, link[0] AS r, link[1] AS q, projects AS projects_in_all
