export const id = 419;
export const ids = [419];
export const modules = {

/***/ 180:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ registryLoginInput)
/* harmony export */ });
/* harmony import */ var _packages_errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2495);

/**
 * An explicit registry login from `registry-username` and `registry-password`
 * (the password masked); undefined without a password, and then logins come
 * from the docker config, as docker finds them.
 */
function registryLoginInput(inputs, log) {
    const username = inputs.string('registry-username');
    const password = inputs.secret('registry-password');
    if (password === undefined) {
        if (username !== undefined)
            log.info(`no 'registry-password': not logging in as ${username}; logins come from the docker config, if any`);
        return undefined;
    }
    if (username === undefined) {
        throw new _packages_errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo({
            message: `input 'registry-password' is set but 'registry-username' is empty.`,
            hint: 'Set registry-username to the user the password belongs to.',
        });
    }
    return { username, password };
}


/***/ }),

/***/ 9010:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Dt: () => (/* reexport */ DEFAULT_GITHUB_LIMITS),
  tm: () => (/* reexport */ Issues),
  AW: () => (/* reexport */ deletePackageVersion),
  "in": () => (/* reexport */ dispatchWorkflow),
  xM: () => (/* reexport */ findOwnerIssues),
  x1: () => (/* reexport */ findPackageVersions),
  cq: () => (/* reexport */ listPullRequestFiles),
  te: () => (/* reexport */ octokitPluginOptions),
  V5: () => (/* reexport */ ownersLine),
  SU: () => (/* reexport */ parseRepository),
  aR: () => (/* reexport */ repositoryName),
  kP: () => (/* reexport */ syncOwnerIssue)
});

// UNUSED EXPORTS: explainFailure, failedStatus, failureMessage, field, isNumber, isString, isStringOrNull, listAll, listPackageVersions, markerComment, nextLink, readMarker, readState, stateComment, toComment, toIssue, toVersion

// EXTERNAL MODULE: ./build/packages/errors/index.js + 1 modules
var errors = __webpack_require__(2495);
;// CONCATENATED MODULE: ./build/packages/github/api.js

function parseRepository(text, input) {
    const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(text.trim());
    if (!match?.[1] || !match[2]) {
        throw new errors/* UserError */.yo({
            message: `${input} is '${text}', which is not a repository as owner/name.`,
            hint: 'Give it as owner/name, for example example-org/curated-images.',
        });
    }
    return { owner: match[1], repo: match[2] };
}
function repositoryName(repository) {
    return `${repository.owner}/${repository.repo}`;
}
function asRequestFailure(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const status = error.status;
    if (typeof status !== 'number')
        return undefined;
    return error;
}
/** The HTTP status of a failed request, when the failure is one. */
function failedStatus(error) {
    return asRequestFailure(error)?.status;
}
/** GitHub's own `message` of a failed request (`Resource not accessible by integration`). */
function failureMessage(error) {
    const failure = asRequestFailure(error);
    const data = failure?.response?.data;
    const message = typeof data === 'object' && data !== null ? data.message : undefined;
    if (typeof message === 'string')
        return message;
    return error instanceof Error ? error.message : String(error);
}
/**
 * A failure that is the workflow's to fix (a permission the job lacks, a
 * repository the token cannot see) as a UserError saying what to grant;
 * anything else as it came, with what was being done.
 */
function explainFailure(error, doing, permission) {
    const status = failedStatus(error);
    const message = failureMessage(error);
    if (status === 401) {
        return new errors/* UserError */.yo({
            message: `GitHub refused the token while it ${doing}: ${message}.`,
            hint: "Pass the workflow's own token (the input's default, github.token) or a token that is still valid.",
        });
    }
    if (status === 403 && !/rate limit/i.test(message)) {
        return new errors/* UserError */.yo({
            message: `GitHub refused ${doing}: ${message}.`,
            hint: `Grant the job 'permissions: { ${permission} }'; it needs no other permission for this.`,
        });
    }
    if (status === 404) {
        return new errors/* UserError */.yo({
            message: `GitHub answered 404 while it ${doing}: the repository, or what it names, does not exist for this token.`,
            hint: `Check the repository name, and that the job has 'permissions: { ${permission} }'.`,
        });
    }
    return new Error(`GitHub API failed while it ${doing}: ${status !== undefined ? `${status} ` : ''}${message}`, { cause: error });
}
/** The next page of a `Link: <...>; rel="next"` header, as an absolute URL. */
function nextLink(headers) {
    const link = headers.link;
    if (typeof link !== 'string')
        return undefined;
    for (const part of link.split(',')) {
        const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
        if (match?.[1])
            return match[1];
    }
    return undefined;
}
/**
 * Every item of a list endpoint, following GitHub's `Link` header page by
 * page (100 per page, the most GitHub gives), as Octokit's paginate does.
 */
async function listAll(api, route, parameters) {
    const items = [];
    let response = await api.request(route, { ...parameters, per_page: 100 });
    for (let page = 1;; page++) {
        if (!Array.isArray(response.data))
            throw new Error(`GitHub answered ${route} with something that is not a list`);
        items.push(...response.data);
        const next = nextLink(response.headers);
        if (next === undefined)
            return items;
        if (page >= 1000)
            throw new Error(`GitHub kept answering ${route} with a next page after 1000 pages`);
        response = await api.request(`GET ${next}`);
    }
}
/** Reads one field of a documented payload, failing with the field's name when GitHub sent something else. */
function field(data, name, check, what) {
    const value = typeof data === 'object' && data !== null ? data[name] : undefined;
    if (!check(value))
        throw new Error(`GitHub's ${what} has no valid '${name}' (got ${JSON.stringify(value)?.slice(0, 80)})`);
    return value;
}
const isString = (value) => typeof value === 'string';
const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);
const isStringOrNull = (value) => value === null || typeof value === 'string';

;// CONCATENATED MODULE: ./build/packages/github/dispatch.js

/**
 * Starts a workflow run through a workflow_dispatch event
 * (https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event).
 * The workflow's own GITHUB_TOKEN may do this (`actions: write`): GitHub makes
 * workflow_dispatch the exception to "events of GITHUB_TOKEN start no runs".
 * It asks for the run's details; a server too old to know that parameter
 * (GitHub Enterprise Server) refuses it, and is asked again without.
 */
async function dispatchWorkflow(api, repository, request) {
    const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
    const parameters = { ...repository, workflow_id: request.workflow, ref: request.ref, inputs: request.inputs };
    try {
        let response;
        try {
            response = await api.request(route, { ...parameters, return_run_details: true });
        }
        catch (error) {
            const status = failedStatus(error);
            if ((status !== 400 && status !== 422) || !/return_run_details/.test(failureMessage(error)))
                throw error;
            response = await api.request(route, parameters);
        }
        if (response.status === 204 || typeof response.data !== 'object' || response.data === null)
            return {};
        const data = response.data;
        return {
            ...(isNumber(data.workflow_run_id) ? { runId: data.workflow_run_id } : {}),
            ...(isString(data.html_url) ? { htmlUrl: data.html_url } : {}),
        };
    }
    catch (error) {
        throw explainFailure(error, `dispatched ${request.workflow} on ${request.ref}`, 'actions: write');
    }
}

;// CONCATENATED MODULE: ./build/packages/github/issues.js

const PERMISSION = 'issues: write';
/** A repository's issues, through the REST API (https://docs.github.com/rest/issues). */
class Issues {
    api;
    repository;
    constructor(api, repository) {
        this.api = api;
        this.repository = repository;
    }
    /** Issues carrying the label, open and closed; pull requests (which the endpoint also lists) are left out. */
    async withLabel(label) {
        try {
            const items = await listAll(this.api, 'GET /repos/{owner}/{repo}/issues', {
                ...this.repository,
                labels: label,
                state: 'all',
                sort: 'created',
                direction: 'asc',
            });
            return items.filter((item) => !isPullRequest(item)).map(toIssue);
        }
        catch (error) {
            throw explainFailure(error, `listed the issues labelled '${label}'`, 'issues: read');
        }
    }
    async create(issue) {
        try {
            const response = await this.api.request('POST /repos/{owner}/{repo}/issues', { ...this.repository, ...issue });
            return toIssue(response.data);
        }
        catch (error) {
            throw explainFailure(error, `opened an issue '${issue.title}'`, PERMISSION);
        }
    }
    async update(number, change) {
        const { stateReason, ...rest } = change;
        try {
            const response = await this.api.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
                ...this.repository,
                issue_number: number,
                ...rest,
                ...(stateReason !== undefined ? { state_reason: stateReason } : {}),
            });
            return toIssue(response.data);
        }
        catch (error) {
            throw explainFailure(error, `updated issue #${number}`, PERMISSION);
        }
    }
    async comment(number, body) {
        try {
            const response = await this.api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                ...this.repository,
                issue_number: number,
                body,
            });
            return toComment(response.data);
        }
        catch (error) {
            throw explainFailure(error, `commented on issue #${number}`, PERMISSION);
        }
    }
    async comments(number) {
        try {
            const items = await listAll(this.api, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                ...this.repository,
                issue_number: number,
            });
            return items.map(toComment);
        }
        catch (error) {
            throw explainFailure(error, `listed the comments of issue #${number}`, 'issues: read');
        }
    }
}
const isList = (value) => Array.isArray(value);
function isPullRequest(item) {
    return typeof item === 'object' && item !== null && 'pull_request' in item && item.pull_request != null;
}
function toIssue(data) {
    const state = field(data, 'state', isString, 'issue');
    if (state !== 'open' && state !== 'closed')
        throw new Error(`GitHub's issue has state '${state}'`);
    const labels = field(data, 'labels', isList, 'issue').map((label) => typeof label === 'string' ? label : field(label, 'name', isString, 'issue label'));
    return {
        number: field(data, 'number', isNumber, 'issue'),
        state,
        title: field(data, 'title', isString, 'issue'),
        body: field(data, 'body', isStringOrNull, 'issue') ?? '',
        htmlUrl: field(data, 'html_url', isString, 'issue'),
        labels,
    };
}
function toComment(data) {
    return {
        id: field(data, 'id', isNumber, 'issue comment'),
        body: field(data, 'body', isStringOrNull, 'issue comment') ?? '',
        htmlUrl: field(data, 'html_url', isString, 'issue comment'),
    };
}

;// CONCATENATED MODULE: ./build/packages/github/octokit-options.js
/**
 * Three of each: GitHub documents that a secondary limit may come back, and
 * a job should not sit for an hour on a primary limit's reset; ten minutes
 * covers the secondary limit's usual "wait a minute" several times over.
 */
const DEFAULT_GITHUB_LIMITS = { rateLimitRetries: 3, maxWaitSeconds: 600, serverErrorRetries: 3 };
/**
 * plugin-retry's own list, plus 429: a rate limit is the throttling plugin's
 * to wait out, for as long as `x-ratelimit-reset` or `retry-after` says;
 * plugin-retry would try again after a second, which GitHub asks clients not to.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
function octokitPluginOptions(log, limits = DEFAULT_GITHUB_LIMITS) {
    const decide = (kind) => (retryAfter, options, _octokit, retryCount) => {
        const what = `${options.method ?? 'GET'} ${options.url ?? ''}`;
        if (retryCount >= limits.rateLimitRetries) {
            log.warning(`GitHub API: ${what} hit the ${kind} rate limit again; giving up after ${retryCount} retries.`);
            return false;
        }
        if (retryAfter > limits.maxWaitSeconds) {
            log.warning(`GitHub API: ${what} hit the ${kind} rate limit, and GitHub asks to wait ${retryAfter}s, longer than ${limits.maxWaitSeconds}s; not waiting.`);
            return false;
        }
        log.warning(`GitHub API: ${what} hit the ${kind} rate limit; waiting ${retryAfter}s as GitHub asks (retry ${retryCount + 1} of ${limits.rateLimitRetries}).`);
        return true;
    };
    return {
        throttle: { onRateLimit: decide('primary'), onSecondaryRateLimit: decide('secondary') },
        retry: { retries: limits.serverErrorRetries, doNotRetry: DO_NOT_RETRY },
    };
}

;// CONCATENATED MODULE: ./build/packages/github/owner-issues.js
/**
 * One issue per thing an owner answers for (an image), found again by a
 * hidden marker in its body, never by its title: titles change, and people
 * edit them. The body also carries, hidden, what the last run saw (its
 * state), so the next run can say what changed instead of repeating itself.
 */
const MARKER = /<!-- image-actions:owner-issue key="([^"]+)" -->/;
const STATE = /<!-- image-actions:state ([A-Za-z0-9+/=]+) -->/;
function markerComment(key) {
    return `<!-- image-actions:owner-issue key="${encodeURIComponent(key)}" -->`;
}
function readMarker(body) {
    const match = MARKER.exec(body);
    if (!match?.[1])
        return undefined;
    try {
        return decodeURIComponent(match[1]);
    }
    catch {
        return undefined;
    }
}
function stateComment(state) {
    return `<!-- image-actions:state ${Buffer.from(JSON.stringify(state)).toString('base64')} -->`;
}
/** The state the last run left, or undefined when there is none or someone edited it beyond reading. */
function readState(body) {
    const match = STATE.exec(body);
    if (!match?.[1])
        return undefined;
    try {
        return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8'));
    }
    catch {
        return undefined;
    }
}
/**
 * The label's issues by marker. When two carry the same marker (someone
 * copied one), the open one wins, else the oldest, and the run says so.
 */
async function findOwnerIssues(issues, label, log) {
    const found = new Map();
    for (const issue of await issues.withLabel(label)) {
        const key = readMarker(issue.body);
        if (key === undefined)
            continue;
        const known = found.get(key);
        if (known) {
            log.warning(`issues #${known.issue.number} and #${issue.number} both carry the marker of ${key}; using one, leaving the other alone.`);
            if (known.issue.state === 'open' || issue.state !== 'open')
                continue;
        }
        found.set(key, { issue, state: readState(issue.body) });
    }
    return found;
}
/** `Owners: @org/team, team@example.com (e-mail).`: GitHub handles are mentioned, e-mail addresses named. */
function ownersLine(owners) {
    const github = owners.filter((o) => o.startsWith('@'));
    const email = owners.filter((o) => !o.startsWith('@'));
    return `Owners: ${[...github, ...email.map((e) => `${e} (e-mail)`)].join(', ') || 'none named in the catalog'}.`;
}
/**
 * Brings one key's issue to what the run wants, with as few writes as that
 * takes: none when nothing changed; a comment only when the run has
 * something new to say; closed with a comment when it is clean again;
 * reopened (the same issue, its history kept) when it goes bad again.
 */
async function syncOwnerIssue(issues, label, known, wanted) {
    const body = `${markerComment(wanted.key)}\n${wanted.body.trimEnd()}\n\n${stateComment(wanted.state)}\n`;
    const outcome = (action, issue, comments) => ({
        key: wanted.key,
        action,
        ...(issue ? { number: issue.number, url: issue.htmlUrl } : {}),
        comments,
    });
    if (!known) {
        if (!wanted.open)
            return outcome('none', undefined, 0);
        const created = await issues.create({ title: wanted.title, body, labels: [label] });
        // GitHub drops labels it will not set; without it this issue could not be found again.
        if (!created.labels.includes(label)) {
            throw new Error(`issue #${created.number} was opened without the label '${label}' (GitHub dropped it), so the next run could not find it; give the token permission to label issues, then label #${created.number} '${label}'`);
        }
        return outcome('opened', created, 0);
    }
    const { issue } = known;
    if (!wanted.open) {
        if (issue.state === 'closed')
            return outcome('none', issue, 0);
        if (wanted.comment !== undefined)
            await issues.comment(issue.number, wanted.comment);
        const closed = await issues.update(issue.number, { body, state: 'closed', stateReason: 'completed' });
        return outcome('closed', closed, wanted.comment !== undefined ? 1 : 0);
    }
    if (issue.state === 'closed') {
        const reopened = await issues.update(issue.number, { title: wanted.title, body, state: 'open', stateReason: 'reopened' });
        if (wanted.comment !== undefined)
            await issues.comment(issue.number, wanted.comment);
        return outcome('reopened', reopened, wanted.comment !== undefined ? 1 : 0);
    }
    const changed = issue.title !== wanted.title || issue.body !== body;
    const updated = changed ? await issues.update(issue.number, { title: wanted.title, body }) : issue;
    if (wanted.comment !== undefined) {
        await issues.comment(issue.number, wanted.comment);
        return outcome('commented', updated, 1);
    }
    return outcome(changed ? 'updated' : 'unchanged', updated, 0);
}

;// CONCATENATED MODULE: ./build/packages/github/packages-api.js

function base(owner) {
    return owner.kind === 'org' ? 'orgs/{owner}' : 'users/{owner}';
}
/** Every version of a container package (`curated-images/velero`), active ones. */
async function listPackageVersions(api, owner, packageName) {
    try {
        return await versionsOf(api, owner, packageName);
    }
    catch (error) {
        throw explainFailure(error, `listed the versions of package ${packageName}`, 'packages: read');
    }
}
/**
 * The versions of a container package of `owner`, whether the owner is an
 * organisation or a user: the organisation's listing first, the user's when
 * GitHub knows no such organisation package.
 */
async function findPackageVersions(api, owner, packageName) {
    try {
        return { owner: { kind: 'org', name: owner }, versions: await versionsOf(api, { kind: 'org', name: owner }, packageName) };
    }
    catch (error) {
        if (failedStatus(error) !== 404)
            throw explainFailure(error, `listed the versions of package ${packageName}`, 'packages: read');
    }
    const user = { kind: 'user', name: owner };
    return { owner: user, versions: await listPackageVersions(api, user, packageName) };
}
async function versionsOf(api, owner, packageName) {
    const items = await listAll(api, `GET /${base(owner)}/packages/{package_type}/{package_name}/versions`, {
        owner: owner.name,
        package_type: 'container',
        package_name: packageName,
        state: 'active',
    });
    return items.map(toVersion);
}
async function deletePackageVersion(api, owner, packageName, versionId) {
    try {
        await api.request(`DELETE /${base(owner)}/packages/{package_type}/{package_name}/versions/{package_version_id}`, {
            owner: owner.name,
            package_type: 'container',
            package_name: packageName,
            package_version_id: versionId,
        });
    }
    catch (error) {
        throw explainFailure(error, `deleted version ${versionId} of package ${packageName}`, 'packages: write');
    }
}
function toVersion(data) {
    const metadata = data?.metadata;
    const tags = metadata?.container?.tags;
    return {
        id: field(data, 'id', isNumber, 'package version'),
        digest: field(data, 'name', isString, 'package version'),
        tags: Array.isArray(tags) ? tags.filter(isString) : [],
        createdAt: field(data, 'created_at', isString, 'package version'),
    };
}

;// CONCATENATED MODULE: ./build/packages/github/pulls.js

/**
 * Every file a pull request changes, all pages of them (GitHub lists at
 * most 3000). Needs `pull-requests: read`, which a fork's read-only token has.
 */
async function listPullRequestFiles(api, repository, pullNumber) {
    const items = await listAll(api, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...repository, pull_number: pullNumber });
    return items.map((item) => {
        const file = {
            filename: field(item, 'filename', isString, 'a pull request file'),
            status: field(item, 'status', isString, 'a pull request file'),
        };
        const { previous_filename: previous, patch } = item;
        if (typeof previous === 'string')
            file.previous_filename = previous;
        if (typeof patch === 'string')
            file.patch = patch;
        return file;
    });
}

;// CONCATENATED MODULE: ./build/packages/github/index.js









/***/ })

};
