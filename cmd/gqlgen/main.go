// Command gqlgen regenerates graph/generated and graph/model from schema.graphql: gqlgen's own
// generator, and then one change to its output: lists of objects are marshalled in order on one
// goroutine, instead of a goroutine per item, when the query selects nothing below the items that
// could make one wait (see graph/inorder).
// `go generate ./...` runs it; CI checks that its output is committed.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
)

func main() {
	configPath := flag.String("config", "gqlgen.yml", "gqlgen configuration file")
	verbose := flag.Bool("verbose", false, "show gqlgen's log")
	flag.Parse()
	if err := run(*configPath, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

func run(configPath string, verbose bool) error {
	if !verbose {
		// gqlgen logs its progress; its own command line is quiet unless asked, and so is this.
		log.SetOutput(io.Discard)
	}
	cfg, err := config.LoadConfig(configPath)
	if err != nil {
		return fmt.Errorf("load %s: %w", configPath, err)
	}
	inorderLists := &lists{}
	if err := api.Generate(cfg, api.AddPlugin(inorderLists)); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	// gqlgen writes the executable schema after its plugins have run, so the lists are rewritten
	// here, once the file is on disk.
	if err := inorderLists.rewrite(cfg.Exec.Filename, cfg.Exec.Package); err != nil {
		return fmt.Errorf("route list marshalers through graph/inorder: %w", err)
	}
	return nil
}
