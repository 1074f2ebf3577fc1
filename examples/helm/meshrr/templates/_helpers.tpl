{{/* Chart name and version label value. */}}
{{- define "meshrr.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release full name (ServiceAccount, Role). */}}
{{- define "meshrr.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* One instance: defaults merged with the entry ("root" = $, "raw" = the entry). */}}
{{- define "meshrr.instance" -}}
{{- $inst := mergeOverwrite (deepCopy .root.Values.instanceDefaults) (deepCopy .raw) -}}
{{- if not $inst.name -}}{{- fail "instances[].name is required" -}}{{- end -}}
{{- if not $inst.config -}}{{- fail (printf "instances[%s].config (meshrr.conf.yml) is required" $inst.name) -}}{{- end -}}
{{- if not (has $inst.kind (list "Deployment" "StatefulSet" "DaemonSet")) -}}{{- fail (printf "instances[%s].kind must be Deployment, StatefulSet or DaemonSet (found %s)" $inst.name $inst.kind) -}}{{- end -}}
{{- /* false cannot override true through mergeOverwrite: read the booleans from the entry. */ -}}
{{- if hasKey .raw "pdb" -}}{{- $_ := set $inst "pdb" .raw.pdb -}}{{- end -}}
{{- if and (hasKey .raw "service") (hasKey .raw.service "publishNotReadyAddresses") -}}{{- $_ := set $inst.service "publishNotReadyAddresses" .raw.service.publishNotReadyAddresses -}}{{- end -}}
{{- toYaml $inst -}}
{{- end -}}

{{/* Selector labels of an instance's pods ("root", "inst"). */}}
{{- define "meshrr.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
meshrr.io/instance: {{ .inst.name }}
{{- end -}}

{{/* All labels of an instance's objects ("root", "inst"). */}}
{{- define "meshrr.labels" -}}
{{ include "meshrr.selectorLabels" . }}
helm.sh/chart: {{ include "meshrr.chart" .root }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* The agent image reference. */}}
{{- define "meshrr.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The ServiceAccount the pods use. */}}
{{- define "meshrr.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "meshrr.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* "true" when an instance's config uses sourcetype kubernetes (RBAC is then needed). */}}
{{- define "meshrr.usesKubernetesDiscovery" -}}
{{- range .Values.instances -}}
{{- if regexMatch "sourcetype:\\s*[\"']?kubernetes" (default "" .config) -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/* Env of both agent containers ("root", "inst"). */}}
{{- define "meshrr.agentEnv" -}}
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: POD_IPS
  valueFrom:
    fieldRef:
      fieldPath: status.podIPs
{{- if .inst.mode }}
- name: MESHRR_MODE
  value: {{ .inst.mode | quote }}
{{- end }}
{{- end -}}
