// Command meshrr-chart-render renders a Helm chart the way `helm template` does, for tests on
// machines without helm: Go's text/template (helm's engine) with the sprig v3 function library and
// helm's own functions (include, tpl, required, toYaml, fromYaml, toJson, fromJson, lookup), the
// chart's values coalesced with -f files (maps deep-merged, later files win, null deletes), and
// .Chart, .Release, .Capabilities, .Template and .Files as helm provides them. Partials (_*.tpl)
// and NOTES.txt are not rendered. Output: every template as "---\n# Source: <chart>/templates/<file>".
//
// usage: meshrr-chart-render <chart dir> <release name> <namespace> [values file ...]
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	yaml "gopkg.in/yaml.v2"
)

func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		out := map[string]interface{}{}
		for k, val := range t {
			out[fmt.Sprint(k)] = normalize(val)
		}
		return out
	case map[string]interface{}:
		for k, val := range t {
			t[k] = normalize(val)
		}
		return t
	case []interface{}:
		for i, val := range t {
			t[i] = normalize(val)
		}
		return t
	default:
		return v
	}
}

func readYaml(path string) (map[string]interface{}, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if raw == nil {
		return map[string]interface{}{}, nil
	}
	m, ok := normalize(raw).(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s: not a mapping", path)
	}
	return m, nil
}

// coalesce merges src into dst as helm merges -f files over the chart's values.
func coalesce(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		sm, sok := v.(map[string]interface{})
		dm, dok := dst[k].(map[string]interface{})
		if sok && dok {
			dst[k] = coalesce(dm, sm)
		} else {
			dst[k] = v
		}
	}
	return dst
}

func toYaml(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

func fromYaml(s string) map[string]interface{} {
	var raw interface{}
	if err := yaml.Unmarshal([]byte(s), &raw); err != nil {
		return map[string]interface{}{"Error": err.Error()}
	}
	m, ok := normalize(raw).(map[string]interface{})
	if !ok {
		return map[string]interface{}{}
	}
	return m
}

func toJson(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJson(s string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

// files is .Files: the chart's files by path relative to the chart.
type files struct{ dir string }

func (f files) Get(name string) string {
	data, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		return ""
	}
	return string(data)
}

type capabilities struct {
	KubeVersion map[string]string
	APIVersions apiVersions
}
type apiVersions []string

func (a apiVersions) Has(v string) bool {
	for _, x := range a {
		if x == v {
			return true
		}
	}
	return false
}

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: meshrr-chart-render <chart dir> <release> <namespace> [values ...]")
		os.Exit(2)
	}
	dir, release, namespace := os.Args[1], os.Args[2], os.Args[3]
	if err := render(dir, release, namespace, os.Args[4:]); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}

func render(dir, release, namespace string, valueFiles []string) error {
	chartYaml, err := readYaml(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return err
	}
	values, err := readYaml(filepath.Join(dir, "values.yaml"))
	if err != nil {
		return err
	}
	for _, f := range valueFiles {
		extra, err := readYaml(f)
		if err != nil {
			return err
		}
		values = coalesce(values, extra)
	}
	chartName := fmt.Sprint(chartYaml["name"])
	chart := map[string]interface{}{}
	for k, v := range chartYaml {
		chart[strings.ToUpper(k[:1])+k[1:]] = v
	}
	paths, err := filepath.Glob(filepath.Join(dir, "templates", "*"))
	if err != nil {
		return err
	}
	sort.Strings(paths)

	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	root := template.New("chart").Option("missingkey=zero")
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil || fmt.Sprint(v) == "" {
			return v, fmt.Errorf("%s", msg)
		}
		return v, nil
	}
	funcs["toYaml"] = toYaml
	funcs["fromYaml"] = fromYaml
	funcs["toJson"] = toJson
	funcs["fromJson"] = fromJson
	funcs["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	root.Funcs(funcs)

	var names []string
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name := chartName + "/templates/" + filepath.Base(p)
		if _, err := root.New(name).Parse(string(text)); err != nil {
			return err
		}
		base := filepath.Base(p)
		if !strings.HasPrefix(base, "_") && base != "NOTES.txt" {
			names = append(names, name)
		}
	}
	for _, name := range names {
		data := map[string]interface{}{
			"Values":  values,
			"Chart":   chart,
			"Release": map[string]interface{}{"Name": release, "Namespace": namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
			"Capabilities": capabilities{
				KubeVersion: map[string]string{"Version": "v1.30.0", "Major": "1", "Minor": "30", "GitVersion": "v1.30.0"},
				APIVersions: apiVersions{"v1", "apps/v1", "policy/v1", "rbac.authorization.k8s.io/v1", "discovery.k8s.io/v1", "monitoring.coreos.com/v1"},
			},
			"Template": map[string]interface{}{"Name": name, "BasePath": chartName + "/templates"},
			"Files":    files{dir: dir},
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			return err
		}
		out := strings.ReplaceAll(buf.String(), "<no value>", "")
		if strings.TrimSpace(out) == "" {
			continue
		}
		fmt.Printf("---\n# Source: %s\n%s\n", name, out)
	}
	return nil
}
