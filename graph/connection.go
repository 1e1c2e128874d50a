package graph

import "github.com/egenkontroll/egenkontroll/graph/model"

// connectionOf builds the edges and the page info of one page of a Relay connection, the part every
// connection type (services, submissions, answer facts) shares: one edge per node carrying the node's
// cursor, startCursor and endCursor from the first and last edge (absent on an empty page), and
// hasPreviousPage when the page was asked for after a cursor.
//
// cursor gives the cursor of the i-th node; newEdge wraps a cursor and a pointer into nodes in the
// connection's own generated edge type.
func connectionOf[N, E any](nodes []N, cursor func(i int) string, newEdge func(cursor string, node *N) E,
	after *string, hasNext bool) ([]E, *model.PageInfo) {
	edges := make([]E, 0, len(nodes))
	var start, end string
	for i := range nodes {
		c := cursor(i)
		if i == 0 {
			start = c
		}
		end = c
		edges = append(edges, newEdge(c, &nodes[i]))
	}
	return edges, pageInfo(after, start, end, hasNext)
}

// pageInfo is the Relay page info of a page whose first and last cursors are given ("" on an
// empty page, which has neither).
func pageInfo(after *string, startCursor, endCursor string, hasNext bool) *model.PageInfo {
	pi := &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: after != nil && *after != ""}
	if startCursor != "" {
		pi.StartCursor, pi.EndCursor = &startCursor, &endCursor
	}
	return pi
}
