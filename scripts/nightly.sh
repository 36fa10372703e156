#!/usr/bin/env bash
# The main job: the nightly rebuild chain over examples/ against the local lab.
#
#   scripts/nightly.sh            run .github/workflows/nightly.yml with act, jobs on this machine
#   scripts/nightly.sh --direct   run the same actions' bundles as the runner would (INPUT_* variables),
#                                 plan first, then one chain per plan entry, parents first
#   scripts/nightly.sh --pr-check run .github/workflows/pr-check.yml with act instead, by hand
#                                 (every image): each job builds into a registry of its own and scans
#                                 there; nothing is signed, published, or pushed to the lab registry
#   scripts/nightly.sh --pull-request=BASE
#                                 the same check as the pull_request event of a fork's pull request
#                                 from BASE to HEAD: only the images the commits since BASE affect,
#                                 no secrets, no token
#   scripts/nightly.sh --rescan   run .github/workflows/scheduled-rescan.yml with act: rescan what the
#                                 nightly published (verify, scan with the lab's DB, compare with the
#                                 last rescan), issues on the lab's GitHub API stand-in, a rebuild
#                                 dispatched there for what a fix exists for
#
# The nightly builds every example by digest into the lab registry
# (127.0.0.1:5001), checks it, scans it with the lab's test vulnerability DB,
# signs it with the lab's cosign key (no transparency log: Rekor is not
# reachable here), and publishes it under its scheme tags only when every
# gate passed; then it propagates every published image, signed, to the lab's
# second registry (the basic-auth one) as the catalog's mirror, and keeps at
# most `keep` versions of each. It ends by printing, per image, where it ended
# and which mirror holds it. The rescan prints, per published tag, clean, its
# findings (which are new), or tampered; then the issues it opened or updated
# on the stand-in.
#
# A test may point the rescan at its own catalog, vulnerability DB and key
# (so as not to touch the examples' repositories or the lab's DB):
# NIGHTLY_CATALOG, NIGHTLY_TRIVY_DB, NIGHTLY_KEY_DIR (cosign.key, cosign.pub
# and the key's password in a file named password), and the repository the
# rescan runs in, whose issues it opens on the stand-in, NIGHTLY_REPOSITORY
# (owner/name). NIGHTLY_FORCE=true rebuilds every image, even those whose
# published digest is verified unchanged (which a nightly otherwise skips);
# NIGHTLY_IMAGES (comma-separated applications) plans only those.
# Under act the nightly runs legs of NIGHTLY_BATCH images (2), in shards of
# NIGHTLY_MAX_JOBS legs (2); the pull-request check's shards hold
# NIGHTLY_MAX_JOBS images (4), one per leg.
#
# Exit status: 0 when every image reached a verdict (published, or stopped at
# a gate such as the lock-down check that examples/noncompliant is there to
# fail) and every published image reached its mirror; 1 when the run itself
# broke (a tool, the lab, a missing outcome), when a mirror lags, or with
# --strict when any image stopped.
cd "$(dirname "$0")/.."
# shellcheck source=lib/on-error.sh
source scripts/lib/on-error.sh
set -Eeuo pipefail
repo=$PWD

mode=act
workflow=nightly
strict=false
pr_base=
for arg in "$@"; do
  case $arg in
    --direct) mode=direct ;;
    --act) mode=act ;;
    --strict) strict=true ;;
    --pr-check) mode=act workflow=pr-check ;;
    --pull-request=*) mode=act workflow=pr-check pr_base=${arg#--pull-request=} ;;
    --rescan) mode=act workflow=scheduled-rescan ;;
    -h | --help) sed -n '2,39p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "nightly: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'nightly: %s\n' "$*" >&2; }

# The test suite has installed the dependencies already (scripts/test.sh) and says so.
[ -n "${IMAGE_ACTIONS_BOOTSTRAPPED:-}" ] || scripts/bootstrap.sh
export PATH="$repo/node_modules/.bin:$PATH"
scripts/lab.sh up

CACHE=${IMAGE_ACTIONS_CACHE:-$HOME/.cache/image-actions}
LAB=$CACHE/lab
STATE=$LAB/state.json
NIGHTLY=$CACHE/nightly
mkdir -p "$NIGHTLY"
ON_ERROR_LOG="the lab's logs in $LAB"
lab() { jq -er "$1" "$STATE" || { say "the lab's state $STATE has no $1; run scripts/lab.sh up"; return 1; }; }
REGISTRY=$(lab .registry)
# The catalog's mirrors, for the lab: the basic-auth registry, its login given as the workflow would map a secret.
MIRROR_HOST=$(lab .authRegistry.host)
MIRRORS=$MIRROR_HOST/mirror/example-org/curated-images
MIRROR_LOGINS=$(jq -c '{(.authRegistry.host): {username: .authRegistry.username, password: .authRegistry.password}}' "$STATE")
export MIRROR_LOGINS
TRIVY_DB=${NIGHTLY_TRIVY_DB:-$(lab .trivy.dbRepository)}
CATALOG=${NIGHTLY_CATALOG:-examples/images.yaml}
# The examples import from Docker Hub; in the lab its images come from the anonymous registry, as BuildKit's
# docker.io mirror does for FROM lines: the same pull-through a corporate network gives.
UPSTREAM_MIRRORS="docker.io=$REGISTRY"
# The lab's tools (trivy, cosign, buildx builder) for every step and job below.
eval "$(jq -r '.env | to_entries[] | "export \(.key)=\(.value | @sh)"' "$STATE")"
export PATH="$repo/node_modules/.bin:$PATH"

# ---------------------------------------------------------------- dist
# The actions run from dist/, as on GitHub: rebuild it when the sources changed.
sources_hash() {
  git ls-files -co --exclude-standard -- src actions packages scripts/build.mjs package-lock.json tsconfig.json tsconfig.build.json |
    sort | xargs sha256sum | sha256sum | cut -d' ' -f1
}
want=$(sources_hash)
if [ ! -f dist/chain/index.js ] || [ "$(cat "$NIGHTLY/dist.stamp" 2>/dev/null)" != "$want" ]; then
  say "building dist/ (sources changed since the last build)"
  npm run -s build
  echo "$want" >"$NIGHTLY/dist.stamp"
fi

# ---------------------------------------------------------------- signing key
# Made once for the lab; the password stays in the lab's cache, never in the repository.
KEY_DIR=${NIGHTLY_KEY_DIR:-$LAB/cosign}
if [ ! -f "$KEY_DIR/cosign.key" ]; then
  say "generating the lab's cosign key pair in $KEY_DIR"
  mkdir -p "$KEY_DIR"
  chmod 700 "$KEY_DIR"
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$KEY_DIR/password"
  (cd "$KEY_DIR" && COSIGN_PASSWORD=$(cat password) cosign generate-key-pair >generate-key-pair.log 2>&1) ||
    { say "cosign generate-key-pair failed; see $KEY_DIR/generate-key-pair.log"; exit 1; }
fi
COSIGN_KEY=$(cat "$KEY_DIR/cosign.key")
COSIGN_PASSWORD=$(cat "$KEY_DIR/password")
export COSIGN_KEY COSIGN_PASSWORD

# ---------------------------------------------------------------- the lab's accepted finding
# The lab's vulnerability DB seeds a HIGH advisory (test data) against the gzip
# of the lab's Debian base image, to prove the scan gate stops an image. The
# fix exists only in that test DB, so no base image here can carry it: the
# nightly accepts that one finding through the ignore file, with its reason and
# an expiry, as a team would for a fix it cannot take yet. Every other finding
# still gates. The scan tests exercise the gate on the seeded advisory itself.
SEEDED_ID=$(lab .trivy.seeded.id)
SEEDED_PKG=$(lab .trivy.seeded.pkg)
IGNORES=$NIGHTLY/lab-ignores.yaml
cat >"$IGNORES" <<YAML
# Written by scripts/nightly.sh for the lab; not a file to copy.
- id: $SEEDED_ID
  packages: [$SEEDED_PKG]
  reason: test advisory seeded in the lab's vulnerability DB; its fixed version exists only there
  expires: $(date -u -d '+30 days' +%F)
YAML

# ---------------------------------------------------------------- the run
run_id=$(date -u +%Y%m%dT%H%M%SZ)
results=$NIGHTLY/runs/$run_id/outcomes
mkdir -p "$results"
log=$NIGHTLY/runs/$run_id/run.log
: >"$log"
ON_ERROR_LOG=$log
say "run $run_id ($mode${workflow:+, $workflow}): outcomes in $results, log in $log"

# Runs one bundled action as the runner does: inputs as INPUT_* variables and
# fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files; prints the outputs file's path.
run_action() { # dist entry, name=value...
  local entry=$1
  shift
  local step
  step=$(mktemp -d "$NIGHTLY/runs/$run_id/step-XXXXXX")
  : >"$step/output"
  : >"$step/summary"
  local vars=(GITHUB_OUTPUT="$step/output" GITHUB_STEP_SUMMARY="$step/summary" RUNNER_TEMP="$step/tmp"
    GITHUB_WORKSPACE="$repo" GITHUB_EVENT_NAME=workflow_dispatch)
  local pair
  for pair in "$@"; do vars+=("INPUT_$(tr '[:lower:] ' '[:upper:]_' <<<"${pair%%=*}")=${pair#*=}"); done
  mkdir -p "$step/tmp"
  env "${vars[@]}" node "$repo/dist/$entry/index.js" >>"$log" 2>&1 && status=0 || status=$?
  echo "$step/output"
  return "$status"
}

# The value of one output in a GITHUB_OUTPUT file (both `k=v` and `k<<DELIM` forms).
output() { # file, name
  awk -v name="$2" '
    index($0, name "<<") == 1 { delim = substr($0, length(name) + 3); inside = 1; next }
    inside && $0 == delim { exit }
    inside { print; next }
    index($0, name "=") == 1 { print substr($0, length(name) + 2); exit }
  ' "$1"
}

direct() {
  local out plan count
  # What is published with its build id, verified, is left out (and recorded as unchanged).
  out=$(run_action matrix-expand catalog=examples/images.yaml registry="$REGISTRY" mirrors="$MIRRORS" \
    upstream-mirrors="$UPSTREAM_MIRRORS" changes=all skip-unchanged=true force="${NIGHTLY_FORCE:-false}" images="${NIGHTLY_IMAGES:-}" \
    public-key="$(cat "$KEY_DIR/cosign.pub")" transparency-log=false tools-from-path=true results-dir="$results") || {
    say "planning failed; see $log"
    return 1
  }
  plan=$(output "$out" plan-file)
  count=$(jq '(.entries | length) + (.unchanged | length)' "$plan")
  say "planned $count entries, $(jq '.unchanged | length' "$plan") unchanged; running the chain for each of the others, parents first"
  run_action verify-tag-scheme catalog=examples/images.yaml registry="$REGISTRY" upstream-mirrors="$UPSTREAM_MIRRORS" >/dev/null || {
    say "the planned tags break the scheme; see $log"
    return 1
  }
  local entry id
  while IFS= read -r entry; do
    id=$(jq -r .id <<<"$entry")
    say "chain: $id"
    run_action chain entry="$entry" results-dir="$results" publish=true sign=true \
      key="$COSIGN_KEY" key-password="$COSIGN_PASSWORD" transparency-log=false \
      severity=HIGH ignore-unfixed=true ignore-file="$IGNORES" trivy-db-repository="$TRIVY_DB" tools-from-path=true >/dev/null || true
  done < <(jq -c '.entries | sort_by(.stage)[]' "$plan")
  echo "$count" >"$NIGHTLY/runs/$run_id/planned"
  say "propagate: every published image to $MIRRORS"
  run_action propagate plan-file="$plan" mirror-logins="$MIRROR_LOGINS" public-key="$(cat "$KEY_DIR/cosign.pub")" \
    transparency-log=false results-dir="$results" tools-from-path=true >/dev/null || say "propagation reported lagging mirrors; see $log"
}

# act fetches every action a job names before running the job, even the steps
# whose `if` skips them here (SARIF upload, artifacts: they need github.com).
# Offline, each pinned third-party action is pointed at a placeholder that
# fails if it ever runs, so a step that should have been skipped cannot pass
# unnoticed.
placeholders() {
  local uses repo_ref dir sub
  grep -ho 'uses: [A-Za-z0-9_.-]*/[A-Za-z0-9_./-]*@[0-9a-f]\{40\}' .github/workflows/*.yml | sed 's/^uses: //' | sort -u |
    while IFS= read -r uses; do
      repo_ref=$(cut -d/ -f1-2 <<<"${uses%@*}")@${uses#*@}
      sub=$(cut -d/ -f3- -s <<<"${uses%@*}")
      [ "${uses%%/*}/$(cut -d/ -f2 <<<"$uses" | cut -d@ -f1)" = actions/checkout ] && continue
      dir=$NIGHTLY/placeholders/${repo_ref//[^A-Za-z0-9]/_}
      mkdir -p "$dir/$sub"
      printf 'name: offline placeholder\ndescription: stands in for %s, which act cannot fetch offline\nruns:\n  using: node24\n  main: fail.js\n' \
        "$uses" >"$dir/$sub/action.yml"
      printf 'console.error("%s cannot run offline; this step should have been skipped");\nprocess.exit(1);\n' "$uses" >"$dir/$sub/fail.js"
      printf -- '--local-repository\n%s=%s\n' "$repo_ref" "$dir"
    done
}

# What a consumer gets from org/image-actions@v1: the action metadata, the
# bundles and the reusable workflows, not the sources or node_modules (act
# copies it for every job).
release() {
  local dir=$NIGHTLY/runs/$run_id/release
  mkdir -p "$dir/actions" "$dir/.github"
  cp action.yml "$dir/"
  cp -r dist "$dir/dist"
  cp -r .github/workflows "$dir/.github/workflows"
  local action
  for action in actions/*/action.yml; do
    mkdir -p "$dir/$(dirname "$action")"
    cp "$action" "$dir/$action"
  done
  echo "$dir"
}

# act keeps a directory per job under ~/.cache/act, each with its own copy of
# the actions; the ones this run made are removed when it ends. Before act's
# first run on a machine the directory does not exist: then there are none.
ACT_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/act
act_dirs() {
  [ -d "$ACT_CACHE" ] || return 0
  find "$ACT_CACHE" -mindepth 1 -maxdepth 1 -type d | sort
}

# A pull_request event from a fork, from BASE to HEAD, as GitHub sends it
# (the fields the workflows and actions read); prints the event file.
pull_request_event() { # base revision
  local base head file=$NIGHTLY/runs/$run_id/event.json
  base=$(git rev-parse --verify --quiet "$1^{commit}") || { say "--pull-request: '$1' is not a commit here"; return 1; }
  head=$(git rev-parse HEAD)
  jq -n --arg base "$base" --arg head "$head" '{
    action: "synchronize",
    number: 1,
    pull_request: {
      number: 1,
      base: { sha: $base, ref: "main", repo: { full_name: "org/image-actions", fork: false } },
      head: { sha: $head, ref: "contribution", repo: { full_name: "contributor/image-actions", fork: true } }
    },
    repository: { full_name: "org/image-actions" }
  }' >"$file"
  echo "$file"
}

# The repository the rescan runs in (GITHUB_REPOSITORY), whose issues it
# opens on the stand-in. act derives it from the origin remote; from a clone
# whose origin is a local path that would be the path, which names no
# repository, and the issues are refused for it. Then the project's own name,
# as the pull-request event gives it. The builds keep act's own value: from a
# local path they then write no source label rather than a made-up one.
repository_name() {
  if [ -n "${NIGHTLY_REPOSITORY:-}" ]; then echo "$NIGHTLY_REPOSITORY"; return; fi
  local url name=''
  url=$(git remote get-url origin 2>/dev/null) || url=''
  case $url in
    *github.com[:/]*) name=${url#*github.com[:/]}; name=${name%.git} ;;
  esac
  if [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]]; then echo "$name"; else echo org/image-actions; fi
}

with_act() {
  local extra=() released before event=(workflow_dispatch)
  mapfile -t extra < <(placeholders)
  released=$(release)
  before=$(act_dirs)
  local settings=() run_in=()
  if [ "$workflow" = nightly ]; then
    settings=(--input registry="$REGISTRY" --input trivy-db-repository="$TRIVY_DB" --input ignore-file="$IGNORES"
      --input tools-from-path=true --input results-dir="$results"
      # Small shards of small batches, so that even the example catalog is fanned out over several shards,
      # and legs of more than one image: two legs of two per shard.
      --input max-jobs="${NIGHTLY_MAX_JOBS:-2}" --input batch="${NIGHTLY_BATCH:-2}"
      --input signing=key --input transparency-log=false --input cosign-public-key="$(cat "$KEY_DIR/cosign.pub")"
      --input mirrors="$MIRRORS" --input upstream-mirrors="$UPSTREAM_MIRRORS" --input force="${NIGHTLY_FORCE:-false}" --input images="${NIGHTLY_IMAGES:-}"
      --secret COSIGN_KEY --secret COSIGN_PASSWORD --secret MIRROR_LOGINS)
  elif [ "$workflow" = scheduled-rescan ]; then
    # The rescan's issues and rebuild go to the lab's stand-in of GitHub's API, with a token it accepts.
    settings=(--input registry="$REGISTRY" --input trivy-db-repository="$TRIVY_DB" --input ignore-file="$IGNORES"
      --input tools-from-path=true --input results-dir="$results"
      --input signing=key --input transparency-log=false --input cosign-public-key="$(cat "$KEY_DIR/cosign.pub")"
      --input github-api-url="$(lab .githubApi)" --input catalog="$CATALOG"
      --secret COSIGN_KEY --secret COSIGN_PASSWORD --secret GITHUB_TOKEN)
    run_in=(--env GITHUB_REPOSITORY="$(repository_name)")
  else
    # The check reads repository variables (a pull_request event has no inputs), and gets no
    # secret and no token: what a fork's pull request has. Published parents are read from the
    # lab registry; every image is pushed to its job's own registry, the lab's image of registry:2.
    settings=(--var IMAGE_ACTIONS_REGISTRY="$REGISTRY" --var IMAGE_ACTIONS_TRIVY_DB_REPOSITORY="$TRIVY_DB"
      --var IMAGE_ACTIONS_IGNORE_FILE="$IGNORES" --var IMAGE_ACTIONS_TOOLS_FROM_PATH=true
      --var IMAGE_ACTIONS_RESULTS_DIR="$results" --var IMAGE_ACTIONS_MAX_JOBS="${NIGHTLY_MAX_JOBS:-4}"
      --var IMAGE_ACTIONS_JOB_REGISTRY_IMAGE="$(lab .jobRegistryImage)" --var IMAGE_ACTIONS_UPSTREAM_MIRRORS="$UPSTREAM_MIRRORS")
    if [ -n "$pr_base" ]; then event=(pull_request --eventpath "$(pull_request_event "$pr_base")"); fi
  fi
  # Jobs run on this machine (-self-hosted). The local checkout is copied for
  # each job (act does that for actions/checkout of the repository itself);
  # this project's own actions, which the workflows name as
  # org/image-actions/...@v1, come from a copy of what a release holds
  # (action.yml files and dist/) made from this checkout (--local-repository);
  # steps that need github.com (SARIF upload, artifacts) are skipped, and
  # outcomes travel through a shared directory instead (results-dir).
  act "${event[@]}" \
    --workflows ".github/workflows/$workflow.yml" \
    -P ubuntu-latest=-self-hosted \
    --local-repository "org/image-actions@v1=$released" \
    "${extra[@]}" \
    "${settings[@]}" \
    --env PATH="$PATH" --env BUILDX_BUILDER="${BUILDX_BUILDER:-}" "${run_in[@]}" \
    >>"$log" 2>&1 || say "act reported a failed job (the summary fails when an image stopped); see $log"
  # Only this run's jobs: they hold a copy of this project's actions.
  comm -13 <(echo "$before") <(act_dirs) | while IFS= read -r dir; do
    if compgen -G "$dir/act/actions/org-image-actions*" >/dev/null; then rm -rf "$dir"; fi
  done
  rm -rf "$released"
}

if [ "$mode" = act ]; then
  # What the workflows get as github.token; only the lab's stand-in of GitHub's API ever sees it.
  export GITHUB_TOKEN=lab-token
  if ! command -v act >/dev/null; then
    say "act is not installed (scripts/lab.sh up installs it); use --direct"
    exit 1
  fi
  with_act
else
  direct
fi

# ---------------------------------------------------------------- what the rescan found
if [ "$workflow" = scheduled-rescan ]; then
  result=$results/rescan-result.json
  if [ ! -f "$result" ]; then
    say "the rescan wrote no result ($result); the run broke before the scan finished (see $log)"
    exit 1
  fi
  echo
  echo "Rescan run $run_id against $REGISTRY (DB: $(jq -r '.db.source + (if .db.repository then " from " + .db.repository else "" end)' "$result")):"
  jq -r '.images[] | .tags[] | "  \(.tag): \(.reason | gsub("\n"; " "))"' "$result"
  jq -r '.images[] | .unpublished[] | "  \(.): not published"' "$result"
  jq -r '[.images[].tags[]] | "\(length) published tags: \([.[] | select(.status == "clean")] | length) clean, \([.[] | select(.status == "findings")] | length) with findings, \([.[] | select(.status == "tampered")] | length) tampered, \([.[] | select(.status == "error")] | length) not checked"' "$result"
  rebuild=$results/rescan-rebuild.json
  if [ -f "$rebuild" ] && [ "$(jq -r 'type' "$rebuild")" = object ]; then
    jq -r '"Rebuild requested: \(.workflow) on \(.ref) for \(.images | join(", "))\(if .run.htmlUrl then " (" + .run.htmlUrl + ")" else "" end)"' "$rebuild"
  fi
  issues=$results/rescan-issues.json
  if [ -f "$issues" ]; then
    api=$(lab .githubApi)
    repository=$(jq -r .repository "$issues")
    echo "Issues on the GitHub API stand-in ($api, repository $repository):"
    jq -r '.issues[] | select(.outcome.number != null) | "\(.outcome.number) \(.application) \(.outcome.action)"' "$issues" |
      while read -r number application action; do
        title=$(curl -fsS -H "authorization: token $GITHUB_TOKEN" "$api/repos/$repository/issues/$number" | jq -r '"\(.state): \(.title)"') ||
          title="(the stand-in did not answer)"
        echo "  #$number $application, $action this run, $title"
      done
    [ "$(jq '[.issues[] | select(.outcome.number != null)] | length' "$issues")" -gt 0 ] || echo "  none: every image is clean"
  else
    say "the issues job wrote nothing ($issues); see $log"
  fi
  if [ "$strict" = true ] && [ "$(jq '[.images[].tags[] | select(.status != "clean")] | length' "$result")" -gt 0 ]; then exit 1; fi
  exit 0
fi

# ---------------------------------------------------------------- where each image ended
shopt -s nullglob
# One record per image and phase it reached (<id>.<phase>.json); the latest phase's counts.
records=("$results"/*.build.json "$results"/*.scan.json "$results"/*.sign.json "$results"/*.publish.json)
latest=$(jq -cs 'group_by(.id) | map(max_by({"build": 0, "scan": 1, "sign": 2, "publish": 3}[.phase]))[]' "${records[@]}" /dev/null)
echo
echo "Nightly run $run_id against $REGISTRY:"
jq -r '
  (if .tests then " (tests: \(.tests.summary))" else "" end) as $tests |
  (if .upstream.previous then " (upstream moved from \(.upstream.previous) to \(.upstream.digest)\(if .status == "stopped" then "; \(.upstream.previous) stays published" else "" end))"
   elif .upstream then " (imported from \(.upstream.reference))" else "" end) as $upstream |
  if .status == "published" then "  \(.id): published \(.published | join(", ")) -> \(.image)\($upstream)\($tests)"
  elif .status == "passed" then "  \(.id): passed \(.passed | join(", ")), not published: \(.image)\($upstream)\($tests)"
  elif .status == "unchanged" then "  \(.id): unchanged \(.published | join(", ")) -> \(.image) (\(.rebuild // [] | join("; ")))"
  else "  \(.id): stopped at \(.stoppedAt): \(.reason | gsub("\n"; " ")); no tag\($upstream)" end' <<<"$latest"
images=$(jq -s 'length' <<<"$latest")
published=$(jq -s '[.[] | select(.status == "published")] | length' <<<"$latest")
stopped=$(jq -s '[.[] | select(.status == "stopped")] | length' <<<"$latest")
unchanged=$(jq -s '[.[] | select(.status == "unchanged")] | length' <<<"$latest")
echo "$images images: $published published, $stopped stopped, $unchanged unchanged (details: $log)"
verify=$(jq -rs '[.[] | select(.status == "published") | .verifyCommand // empty] | first // empty' <<<"$latest")
if [ -n "$verify" ]; then
  echo "Verify a published image with the lab's public key, for example:"
  echo "  (cd $KEY_DIR && $verify)"
fi

# One report per propagate step (propagation-<stage>-<shard>.json): which mirror holds each published image.
reports=("$results"/propagation-*.json)
lagging=0
if [ "${#reports[@]}" -gt 0 ]; then
  echo "Mirrors ($MIRRORS):"
  jq -r '.images[] | . as $i | .mirrors[] | "  \($i.id): \(.state) at \(.mirror): \(.detail)"' "${reports[@]}"
  lagging=$(jq -s '[.[].images[].mirrors[] | select(.state == "lagging" or .state == "refused")] | length' "${reports[@]}")
  held=$(jq -s '[.[].images[].mirrors[] | select(.state == "in-sync" or .state == "updated")] | length' "${reports[@]}")
  echo "$held image copies held by their mirror, $lagging lagging"
elif [ "$workflow" = nightly ] && [ "${published:-0}" -gt 0 ]; then
  say "no propagation report in $results, though $published images were published (see $log)"
  exit 1
fi

if [ "$images" -eq 0 ]; then
  say "no image reported an outcome; the run broke before the chain (see $log)"
  exit 1
fi
planned=$(cat "$NIGHTLY/runs/$run_id/planned" 2>/dev/null || echo 0)
if [ "$images" -lt "$planned" ]; then
  say "only $images of $planned planned images reported an outcome (see $log)"
  exit 1
fi
if [ "$lagging" -gt 0 ]; then
  say "$lagging published image copies lag at their mirror; the next run copies what is missing"
  exit 1
fi
if [ "$strict" = true ] && [ "$stopped" -gt 0 ]; then exit 1; fi
exit 0
