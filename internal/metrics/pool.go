package metrics

import (
	"database/sql"

	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector reports a connection pool's figures as the go_sql_* series of client_golang's
// DBStatsCollector, read through a function so that the pool itself stays with its owner.
type poolCollector struct {
	stats func() sql.DBStats
	descs []poolDesc
}

type poolDesc struct {
	desc  *prometheus.Desc
	kind  prometheus.ValueType
	value func(sql.DBStats) float64
}

func newPoolCollector(name string, stats func() sql.DBStats) *poolCollector {
	labels := prometheus.Labels{"db_name": name}
	d := func(metric, help string, kind prometheus.ValueType, value func(sql.DBStats) float64) poolDesc {
		return poolDesc{desc: prometheus.NewDesc("go_sql_"+metric, help, nil, labels), kind: kind, value: value}
	}
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	return &poolCollector{stats: stats, descs: []poolDesc{
		d("max_open_connections", "Maximum number of open connections to the database.", gauge,
			func(s sql.DBStats) float64 { return float64(s.MaxOpenConnections) }),
		d("open_connections", "The number of established connections both in use and idle.", gauge,
			func(s sql.DBStats) float64 { return float64(s.OpenConnections) }),
		d("in_use_connections", "The number of connections currently in use.", gauge,
			func(s sql.DBStats) float64 { return float64(s.InUse) }),
		d("idle_connections", "The number of idle connections.", gauge,
			func(s sql.DBStats) float64 { return float64(s.Idle) }),
		d("wait_count_total", "The total number of connections waited for.", counter,
			func(s sql.DBStats) float64 { return float64(s.WaitCount) }),
		d("wait_duration_seconds_total", "The total time blocked waiting for a new connection.", counter,
			func(s sql.DBStats) float64 { return s.WaitDuration.Seconds() }),
		d("max_idle_closed_total", "The total number of connections closed due to SetMaxIdleConns.", counter,
			func(s sql.DBStats) float64 { return float64(s.MaxIdleClosed) }),
		d("max_idle_time_closed_total", "The total number of connections closed due to SetConnMaxIdleTime.", counter,
			func(s sql.DBStats) float64 { return float64(s.MaxIdleTimeClosed) }),
		d("max_lifetime_closed_total", "The total number of connections closed due to SetConnMaxLifetime.", counter,
			func(s sql.DBStats) float64 { return float64(s.MaxLifetimeClosed) }),
	}}
}

// Describe implements prometheus.Collector.
func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d.desc
	}
}

// Collect implements prometheus.Collector: one reading of the pool per scrape.
func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	for _, d := range c.descs {
		ch <- prometheus.MustNewConstMetric(d.desc, d.kind, d.value(s))
	}
}
