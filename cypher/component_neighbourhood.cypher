// title: A component and its users (graph)
// description: The component, the projects that reuse it and their clients, as a graph.
// param: component | string | s:wave | key of the component (Service.id)
// phrase: users of {component}
// tags: components, graph
MATCH path = (s:Service)<-[:REUSES|DELIVERS]-(p:Project)-[:FOR]->(c)
WHERE s.id = $component
RETURN path
LIMIT 500
