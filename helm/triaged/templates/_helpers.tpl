{{/* Chart name. */}}
{{- define "triaged.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release name, with the chart name appended unless the release name holds it. */}}
{{- define "triaged.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "triaged.selectorLabels" -}}
app.kubernetes.io/name: {{ include "triaged.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: daemon
{{- end }}

{{- define "triaged.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "triaged.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: triaged
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "triaged.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "triaged.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "triaged.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* The permission lists of src/domain/rbac.ts (files/rbac.json is generated from it). */}}
{{- define "triaged.rbac" -}}
{{- .Files.Get "files/rbac.json" }}
{{- end }}

{{/*
Checks that fail the render with a message naming the value. Included by deployment.yaml.
*/}}
{{- define "triaged.validate" -}}
{{- $replicas := int .Values.replicaCount }}
{{- if and (gt $replicas 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "replicaCount is %d but leaderElection.enabled is false: with more than one replica every pod would act on the same incident. Set leaderElection.enabled=true (or replicaCount=1)." $replicas) }}
{{- end }}
{{- if and (gt $replicas 1) (eq .Values.persistence.type "pvc") }}
{{- fail (printf "replicaCount is %d with persistence.type=pvc: the SQLite store is one file on a ReadWriteOnce volume and cannot be shared between pods. Set persistence.type=emptyDir (each pod keeps its own store; a standby that takes over starts without history) or run one replica. A shared PostgreSQL store (TRIAGED_DATABASE_URL) is designed but not built yet." $replicas) }}
{{- end }}
{{- if and .Values.sources.sqs.enabled (not .Values.sources.sqs.queueUrl) }}
{{- fail "sources.sqs.enabled is true but sources.sqs.queueUrl is empty" }}
{{- end }}
{{- if and .Values.sources.sqs.enabled (not .Values.aws.region) }}
{{- fail "sources.sqs.enabled is true but aws.region is empty" }}
{{- end }}
{{- if and .Values.sources.github.enabled (not .Values.sources.github.repo) }}
{{- fail "sources.github.enabled is true but sources.github.repo (owner/name) is empty" }}
{{- end }}
{{- if and .Values.rbac.write.enabled (not .Values.rbac.write.namespaces) (not (has "cordon-node" .Values.rbac.write.actions)) }}
{{- fail "rbac.write.enabled is true but rbac.write.namespaces is empty: list the namespaces triaged may change" }}
{{- end }}
{{- end }}
