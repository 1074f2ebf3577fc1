{{/* The pod template of an instance ("root", "inst"): meshrr init, cRPD, meshrr sidecar. */}}
{{- define "meshrr.podTemplate" -}}
{{- $root := .root -}}
{{- $inst := .inst -}}
metadata:
  labels:
    {{- include "meshrr.labels" . | nindent 4 }}
    {{- with $inst.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    {{- if $root.Values.restartOnConfigChange }}
    checksum/config: {{ printf "%s%s" $inst.config $inst.junosTemplate | sha256sum }}
    {{- end }}
    {{- if $root.Values.prometheusAnnotations }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ $root.Values.agent.httpPort | quote }}
    prometheus.io/path: /metrics
    {{- end }}
spec:
  {{- if lt (int $root.Values.crpd.preStopSleepSeconds) (int $root.Values.agent.drainSeconds) }}
  {{- fail "crpd.preStopSleepSeconds must be at least agent.drainSeconds: rpd must outlive the BGP drain" }}
  {{- end }}
  serviceAccountName: {{ include "meshrr.serviceAccountName" $root }}
  terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumes:
    # the agent's safety state (removal budget window, --state-dir): survives agent restarts in the pod
    - name: meshrr-state
      emptyDir: {}
    - name: config
      emptyDir: {}
    - name: ssh-id
      emptyDir:
        medium: Memory
    - name: tmp
      emptyDir:
        medium: Memory
    - name: meshrr-conf
      configMap:
        name: {{ $inst.name }}-conf
        defaultMode: 292
  initContainers:
    - name: meshrr-init
      image: {{ include "meshrr.image" $root }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args: ["init"]
      securityContext:
        {{- toYaml $root.Values.agent.securityContext | nindent 8 }}
      env:
        {{- include "meshrr.agentEnv" . | nindent 8 }}
        - name: LICENSE_KEY
          valueFrom:
            secretKeyRef:
              name: {{ $root.Values.crpd.licenseSecret.name }}
              key: {{ $root.Values.crpd.licenseSecret.key }}
      resources:
        {{- toYaml $root.Values.agent.resources | nindent 8 }}
      volumeMounts:
        - name: ssh-id
          mountPath: /secret/ssh/
        - name: config
          mountPath: /config/
        - name: tmp
          mountPath: /tmp
        # The ConfigMap as a directory (meshrr.conf.yml, juniper.conf.j2): no subPath, which the
        # kubelet never updates, so edits reach the running agent (docs/kubernetes.md#live-configuration).
        - name: meshrr-conf
          mountPath: /opt/meshrr/conf
          readOnly: true
  containers:
    - name: crpd
      image: {{ printf "%s:%s" $root.Values.crpd.image.repository $root.Values.crpd.image.tag }}
      imagePullPolicy: {{ $root.Values.crpd.image.pullPolicy }}
      ports:
        - name: bgp
          containerPort: 179
          protocol: TCP
      livenessProbe:
        tcpSocket:
          port: bgp
        initialDelaySeconds: 60
        periodSeconds: 5
        timeoutSeconds: 3
        failureThreshold: 3
      readinessProbe:
        tcpSocket:
          port: bgp
        initialDelaySeconds: 5
        periodSeconds: 5
        timeoutSeconds: 3
        failureThreshold: 3
      lifecycle:
        preStop:
          exec:
            command: ["sleep", {{ $root.Values.crpd.preStopSleepSeconds | quote }}]
      securityContext:
        {{- toYaml $root.Values.crpd.securityContext | nindent 8 }}
      resources:
        {{- toYaml $root.Values.crpd.resources | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: /config/
    - name: meshrr
      image: {{ include "meshrr.image" $root }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args:
        - sidecar
        - --http-port
        - {{ $root.Values.agent.httpPort | quote }}
        - --drain-seconds
        - {{ $root.Values.agent.drainSeconds | quote }}
        - --state-dir
        - /var/lib/meshrr
        {{- with $root.Values.agent.httpHost }}
        - --http-host
        - {{ . | quote }}
        {{- end }}
        {{- range $root.Values.agent.extraArgs }}
        - {{ . | quote }}
        {{- end }}
      securityContext:
        {{- toYaml $root.Values.agent.securityContext | nindent 8 }}
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
        initialDelaySeconds: 5
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
        - name: ssh-id
          mountPath: /secret/ssh/
        - name: tmp
          mountPath: /tmp
        # The ConfigMap as a directory (meshrr.conf.yml, juniper.conf.j2): no subPath, which the
        # kubelet never updates, so edits reach the running agent (docs/kubernetes.md#live-configuration).
        - name: meshrr-conf
          mountPath: /opt/meshrr/conf
          readOnly: true
  {{- with $inst.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $inst.tolerations }}
  tolerations:
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
{{- end -}}
