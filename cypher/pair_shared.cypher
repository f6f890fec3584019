// title: What two members share
// description: Components reused by a project of each of two members (by acronym or key), with the projects, as paths.
// param: first | string | m:onss | acronym or key of the first member
// param: second | string | m:onem | acronym or key of the second member
// picker: first = member
// picker: second = member
// tags: components, members
MATCH p1 = (a:Member)<-[:FOR]-(x:Project)-[:REUSES|DELIVERS]->(s:Service)
WHERE a.acronym = $first OR a.id = $first
MATCH p2 = (s)<-[:REUSES|DELIVERS]-(y:Project)-[:FOR]->(b:Member)
WHERE b.acronym = $second OR b.id = $second
RETURN s.name AS component, x.name AS first_project, y.name AS second_project, p1, p2
ORDER BY component, first_project, second_project, a.id, b.id, type(relationships(p1)[1]), type(relationships(p2)[0])
LIMIT 200
