#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt.
# Run it after adding public API on purpose; review the diff of PublicAPI.Unshipped.txt before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
file=src/LeadStatus.Core/PublicAPI.Unshipped.txt
dotnet build src/LeadStatus.Core -p:TreatWarningsAsErrors=false 2>&1 \
  | grep -o "RS0016: Symbol '.*' is not part of the declared public API" \
  | sed -E "s/^RS0016: Symbol '(.*)' is not part of the declared public API$/\1/" \
  | sort -u >> "$file"
{ head -n1 "$file"; tail -n +2 "$file" | sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
