{{/* The pod template of an FRR instance ("root", "inst"): seed /etc/frr, FRR, meshrr sidecar. */}}
{{- define "meshrr.podTemplateFrr" -}}
{{- $root := .root -}}
{{- $inst := .inst -}}
{{- $frr := $root.Values.frr -}}
metadata:
  labels:
    {{- include "meshrr.labels" . | nindent 4 }}
    {{- with $inst.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    {{- /* FRR's daemons and seed files are read at pod start only: a change always rolls the pods */}}
    checksum/frr: {{ printf "%s%s%s" $frr.daemons $frr.vtyshConf $frr.frrConf | sha256sum }}
    {{- if $root.Values.restartOnConfigChange }}
    checksum/config: {{ printf "%s%s" $inst.config (toJson $frr.templates) | sha256sum }}
    {{- end }}
    {{- if $root.Values.prometheusAnnotations }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ $root.Values.agent.httpPort | quote }}
    prometheus.io/path: /metrics
    {{- end }}
spec:
  {{- if lt (int $frr.preStopSleepSeconds) (int $root.Values.agent.drainSeconds) }}
  {{- fail "frr.preStopSleepSeconds must be at least agent.drainSeconds: bgpd must outlive the BGP drain" }}
  {{- end }}
  serviceAccountName: {{ include "meshrr.serviceAccountName" $root }}
  {{- with $frr.supplementalGroups }}
  securityContext:
    supplementalGroups:
      {{- toYaml . | nindent 6 }}
  {{- end }}
  terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumes:
    # the agent's safety state (removal budget window, --state-dir): survives agent restarts in the pod
    - name: meshrr-state
      emptyDir: {}
    - name: frr-etc
      emptyDir: {}
    - name: frr-run
      emptyDir: {}
    - name: tmp
      emptyDir:
        medium: Memory
    - name: frr-seed
      configMap:
        name: {{ $inst.name }}-frr
    - name: meshrr-conf
      configMap:
        name: {{ $inst.name }}-conf
        defaultMode: 292
    {{- if $frr.templates }}
    - name: frr-templates
      configMap:
        name: {{ $inst.name }}-frr-templates
        defaultMode: 292
    {{- end }}
  initContainers:
    - name: frr-seed
      image: {{ printf "%s:%s" $frr.image.repository (default $root.Chart.AppVersion $frr.image.tag) }}
      imagePullPolicy: {{ $frr.image.pullPolicy }}
      command: ["sh", "-c", "cp /seed/daemons /seed/vtysh.conf /seed/frr.conf /etc/frr/ && chown -R frr:frr /etc/frr && chmod 0664 /etc/frr/frr.conf && chmod 0775 /etc/frr"]
      securityContext:
        {{- toYaml $frr.seedSecurityContext | nindent 8 }}
      volumeMounts:
        - name: frr-seed
          mountPath: /seed
        - name: frr-etc
          mountPath: /etc/frr
  containers:
    - name: frr
      image: {{ printf "%s:%s" $frr.image.repository (default $root.Chart.AppVersion $frr.image.tag) }}
      imagePullPolicy: {{ $frr.image.pullPolicy }}
      {{- with $frr.command }}
      command:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - name: bgp
          containerPort: 179
          protocol: TCP
      readinessProbe:
        tcpSocket:
          port: bgp
        periodSeconds: 5
      livenessProbe:
        tcpSocket:
          port: bgp
        initialDelaySeconds: 30
        periodSeconds: 10
      lifecycle:
        preStop:
          exec:
            command: ["sleep", {{ $frr.preStopSleepSeconds | quote }}]
      securityContext:
        {{- toYaml $frr.securityContext | nindent 8 }}
      resources:
        {{- toYaml $frr.resources | nindent 8 }}
      volumeMounts:
        - name: frr-etc
          mountPath: /etc/frr
        - name: frr-run
          mountPath: /var/run/frr
    - name: meshrr
      image: {{ printf "%s:%s" $frr.agentImage.repository (default $root.Chart.AppVersion $frr.agentImage.tag) }}
      imagePullPolicy: {{ $frr.agentImage.pullPolicy }}
      args:
        - sidecar
        - --http-port
        - {{ $root.Values.agent.httpPort | quote }}
        - --drain-seconds
        - {{ $root.Values.agent.drainSeconds | quote }}
        - --state-dir
        - /var/lib/meshrr
        - --platform
        - frr
        - --frr-vty-dir
        - /var/run/frr
        - --frr-config
        - /etc/frr/frr.conf
        {{- if $frr.templates }}
        - --frr-templates
        - /opt/meshrr/frr-templates
        {{- end }}
        {{- with $root.Values.agent.httpHost }}
        - --http-host
        - {{ . | quote }}
        {{- end }}
        {{- range $root.Values.agent.extraArgs }}
        - {{ . | quote }}
        {{- end }}
      securityContext:
        {{- toYaml $frr.agentSecurityContext | nindent 8 }}
      env:
        {{- include "meshrr.agentEnv" . | nindent 8 }}
        - name: UPDATE_SECONDS
          value: {{ $root.Values.agent.updateSeconds | quote }}
      ports:
        - name: http-metrics
          containerPort: {{ $root.Values.agent.httpPort }}
          protocol: TCP
      startupProbe:
        exec:
          command: ["cat", "/tmp/connected-to-crpd"]
        initialDelaySeconds: 2
        periodSeconds: 3
        failureThreshold: {{ $root.Values.agent.startupFailureThreshold }}
      readinessProbe:
        httpGet:
          path: /readyz
          port: http-metrics
        periodSeconds: 5
        timeoutSeconds: 3
        failureThreshold: 2
      livenessProbe:
        httpGet:
          path: /healthz
          port: http-metrics
        periodSeconds: 10
        timeoutSeconds: 3
        failureThreshold: 6
      resources:
        {{- toYaml $root.Values.agent.resources | nindent 8 }}
      volumeMounts:
        - name: meshrr-state
          mountPath: /var/lib/meshrr
        - name: frr-etc
          mountPath: /etc/frr
        - name: frr-run
          mountPath: /var/run/frr
        - name: tmp
          mountPath: /tmp
        # The ConfigMap as a directory (meshrr.conf.yml, juniper.conf.j2): no subPath, which the
        # kubelet never updates, so edits reach the running agent (docs/kubernetes.md#live-configuration).
        - name: meshrr-conf
          mountPath: /opt/meshrr/conf
          readOnly: true
        {{- if $frr.templates }}
        - name: frr-templates
          mountPath: /opt/meshrr/frr-templates
          readOnly: true
        {{- end }}
  {{- with $inst.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  affinity:
    {{- if $inst.affinity }}
    {{- toYaml $inst.affinity | nindent 4 }}
    {{- else }}
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "meshrr.selectorLabels" . | nindent 14 }}
    {{- end }}
  {{- with $inst.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
