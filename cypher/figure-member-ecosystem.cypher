// title: One institution's ecosystem
// description: An institution's projects, the technologies and components they use, the other clients of those projects, and the services it states it uses.
// param: member | string | m:onss | key of the institution (Member.id)
// param: technologies | bool | true | include the projects' technologies
// phrase: ecosystem of {member}
// tags: figure
MATCH (m:Member {id: $member})
OPTIONAL MATCH (m)<-[f:FOR]-(p:Project)
OPTIONAL MATCH (p)-[r]->(x)
WHERE (x:Service AND type(r) IN ['REUSES', 'DELIVERS']) OR (x:Technology AND $technologies) OR ((x:Member OR x:Organization) AND type(r) = 'FOR')
RETURN m, f, p, r, x, NULL AS d, NULL AS s
UNION ALL
MATCH (m:Member {id: $member})-[d:USES]->(s:Service)
RETURN m, NULL AS f, NULL AS p, NULL AS r, NULL AS x, d, s
