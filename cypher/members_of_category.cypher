// title: Members of a category with their projects
// description: Members of category A, B or C and the projects they are clients of (members without projects included).
// param: category | string | A | A, B or C
// tags: members
MATCH (m:Member) WHERE m.category = $category
OPTIONAL MATCH (p:Project)-[:FOR]->(m)
RETURN coalesce(m.acronym, m.name) AS member, m.name AS name, count(p) AS projects, collect(p.name) AS project_names
ORDER BY projects DESC, member
