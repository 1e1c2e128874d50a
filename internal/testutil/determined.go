package testutil

import "math/big"

// Determined is the attacker's algebra for small-number tests: given linear equations over n unknowns
// (each row a coefficient per unknown; the right-hand sides are known numbers and do not matter),
// it reports which unknowns the equations fix to a single value. An unknown is determined exactly
// when its unit vector lies in the span of the rows, which is when the reduced row echelon form has
// a row with its only non-zero entry in that column. Elimination is exact, over the rationals.
func Determined(n int, rows [][]int64) []bool {
	m := make([][]*big.Rat, 0, len(rows))
	for _, r := range rows {
		row := make([]*big.Rat, n)
		for j := range row {
			row[j] = new(big.Rat)
			if j < len(r) {
				row[j].SetInt64(r[j])
			}
		}
		m = append(m, row)
	}
	pivotRow := 0
	for col := 0; col < n && pivotRow < len(m); col++ {
		p := -1
		for i := pivotRow; i < len(m); i++ {
			if m[i][col].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[pivotRow], m[p] = m[p], m[pivotRow]
		inv := new(big.Rat).Inv(m[pivotRow][col])
		for j := range m[pivotRow] {
			m[pivotRow][j].Mul(m[pivotRow][j], inv)
		}
		for i := range m {
			if i == pivotRow || m[i][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(m[i][col])
			for j := range m[i] {
				m[i][j].Sub(m[i][j], new(big.Rat).Mul(f, m[pivotRow][j]))
			}
		}
		pivotRow++
	}
	out := make([]bool, n)
	for _, row := range m[:pivotRow] {
		only := -1
		for j, v := range row {
			if v.Sign() != 0 {
				if only >= 0 {
					only = -2
					break
				}
				only = j
			}
		}
		if only >= 0 {
			out[only] = true
		}
	}
	return out
}
