// A stand-in for `arvados-server cloudtest` that prints every value of the config.yml it is given the ways
// Arvados' Go code can print a secret (logrus text and JSON fields, an error quoted into a field, fmt's %q,
// %+q and %#v, encoding/json with and without HTML escaping), then fails as a cloudtest run that did not boot.
// STANDIN_LONG_LINES=N adds N lines longer than the plugin reads whole, each with a config.yml value across
// the place where the plugin cuts it (STANDIN_CUT, characters).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/sirupsen/logrus"
)

type entry struct {
	Key   string
	Value string
}

func main() {
	if len(os.Args) < 2 || os.Args[1] != "cloudtest" {
		fmt.Fprintln(os.Stderr, "usage: arvados-server cloudtest [flags]")
		os.Exit(2)
	}
	flags := flag.NewFlagSet("cloudtest", flag.ExitOnError)
	config := flags.String("config", "/etc/arvados/config.yml", "")
	flags.String("image-id", "", "")
	flags.String("instance-type", "", "")
	flags.String("command", "", "")
	flags.Bool("destroy-existing", false, "")
	flags.Parse(os.Args[2:])

	text := logrus.New()
	text.Out = os.Stderr
	text.Formatter = &logrus.TextFormatter{DisableColors: true}
	jsonLog := logrus.New()
	jsonLog.Out = os.Stderr
	jsonLog.Formatter = &logrus.JSONFormatter{}

	entries, err := read(*config)
	if err != nil {
		text.WithError(err).Fatal("cannot read config")
	}
	for _, e := range entries {
		text.WithField(e.Key, e.Value).Info("loaded config")
		jsonLog.WithField(e.Key, e.Value).Info("loaded config")
		text.WithError(fmt.Errorf("driver refused %q", e.Value)).Warn("driver request failed")
		jsonLog.WithError(fmt.Errorf("driver refused %q", e.Value)).Warn("driver request failed")
		fmt.Printf("%s %q %+q %#v\n", e.Key, e.Value, e.Value, e)
		marshalled, _ := json.Marshal(e)
		fmt.Println(string(marshalled))
		plain := json.NewEncoder(os.Stdout)
		plain.SetEscapeHTML(false)
		plain.Encode(e)
		fmt.Println(e.Key + ": " + e.Value)
	}
	longLines(entries)
	text.WithField("Instance", "i-0gostandin00001").Error("boot probe timed out")
	os.Exit(1)
}

// longLines prints lines longer than the plugin keeps, each with a value starting just before the cut.
func longLines(entries []entry) {
	count, _ := strconv.Atoi(os.Getenv("STANDIN_LONG_LINES"))
	cut, _ := strconv.Atoi(os.Getenv("STANDIN_CUT"))
	out := bufio.NewWriter(os.Stderr) // where logrus writes: the last line stays last
	defer out.Flush()
	for i := 0; i < count && len(entries) > 0; i++ {
		value := entries[i%len(entries)].Value
		head := cut - len([]rune(value))/2
		fmt.Fprintf(out, "%s%s%s\n", strings.Repeat("x", head), value, strings.Repeat("y", cut))
	}
}

// read takes every "Key: value" line of a block-style YAML file (the scalars of config.yml), unquoting
// double- and single-quoted values as YAML does for the escapes config.yml files use.
func read(path string) ([]entry, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var entries []entry
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if strings.HasPrefix(line, "#") {
			continue
		}
		key, value, found := strings.Cut(line, ": ")
		if !found || strings.HasPrefix(value, "{") {
			continue
		}
		value = strings.TrimSpace(value)
		switch {
		case strings.HasPrefix(value, "\""):
			unquoted, err := strconv.Unquote(value)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", key, err)
			}
			value = unquoted
		case strings.HasPrefix(value, "'"):
			value = strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(value, "'"), "'"), "''", "'")
		}
		entries = append(entries, entry{key, value})
	}
	return entries, scanner.Err()
}
