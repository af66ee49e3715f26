#!/usr/bin/python3
# test-openapi.py — keeps docs/openapi.yaml and plenum-server honest with each other.
#
# 1. Validates the OpenAPI file against the official OpenAPI 3.0 JSON Schema that Debian's
#    openapi-specification package ships (draft-04, checked with Draft4Validator), checks
#    that every $ref resolves and that every object schema is closed.
# 2. Starts a real `plenum-server --demo` on 127.0.0.1 (port 0) in a fresh data folder.
# 3. Drives every operation over real HTTP with good and bad input.
# 4. Checks every answer against the file: the status is documented for that path and
#    method, the documented headers are there and match their schemas, the Content-Type
#    is a documented one, and a JSON body (or each SSE event's data) validates against
#    the documented schema.
# 5. Fails when an operation in the file was never exercised.
# Terminals (enrolment, `Authorization: Terminal`, readiness, revocation) and attendance
# have a scenario of their own (run_terminals), on the demo's room and meeting.
#
# Null: OpenAPI 3.0 has no "null" type and no type arrays, so the file writes "T or
# null" as `type: T` plus `nullable: true`. Before validating, this test rewrites every
# such schema to JSON Schema's `type: [T, "null"]` (and adds null to an `enum`).
#
# Run: PLENUM_SERVER=path/to/plenum-server /usr/bin/python3 tests/test-openapi.py
#      docs/openapi.yaml
# Only the standard library, python3-yaml and python3-jsonschema (Debian 12). No sleeps:
# every wait is a socket timeout or a poll with a deadline.
#
# Copyright 2026 The Plenum developers
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import datetime
import hashlib
import http.client
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid

import jsonschema
import yaml

OFFICIAL_SCHEMA = '/usr/share/openapi-specification/schemas/v3.0/schema.json'

# Whole-test budget and the parts of it. The demo generation happens before the server
# prints its first line, so the start deadline is the longest one.
START_DEADLINE = 45.0
REQUEST_TIMEOUT = 10.0
EVENT_DEADLINE = 10.0

# Server settings shortened for the test (see `plenum-server --help`).
LOCKOUT_SECONDS = 30
EVENT_RETENTION = 5
MAX_BLOB_MIB = 1
MAX_JSON_BYTES = 4 * 1024 * 1024   # not a setting; the server's fixed limit
SERVER_SETTINGS = ['--heartbeat-seconds', '1', '--pin-lockout-seconds', str(LOCKOUT_SECONDS),
                   '--event-retention', str(EVENT_RETENTION), '--max-blob-mib', str(MAX_BLOB_MIB)]

TOKEN_LIFETIME = 2                 # for the second run, which lets a token expire

TERMINAL_ID = '0b6c1f52-6d0e-4c2a-9a57-3f1e8d2b7c41'

METHODS = ('get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace')


# ---------------------------------------------------------------------------------------
# Output: TAP, one line per check, diagnostics as comments.

class Tap:
    def __init__(self):
        self.count = 0
        self.failed = []

    def result(self, description, problems=()):
        self.count += 1
        problems = list(problems)
        if problems:
            self.failed.append(description)
            print(f'not ok {self.count} - {description}', flush=True)
            for problem in problems:
                for line in str(problem).splitlines():
                    print(f'#   {line}', flush=True)
        else:
            print(f'ok {self.count} - {description}', flush=True)
        return not problems

    def check(self, description, condition, detail=''):
        return self.result(description, [] if condition else [detail or 'condition is false'])

    def note(self, text):
        for line in str(text).splitlines():
            print(f'# {line}', flush=True)

    def finish(self):
        print(f'1..{self.count}', flush=True)
        if self.failed:
            print(f'# {len(self.failed)} of {self.count} checks failed:', flush=True)
            for description in self.failed:
                print(f'#   {description}', flush=True)
        return 1 if self.failed else 0


class Fatal(Exception):
    """A check whose failure leaves nothing sensible to test after it."""


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def remaining(self):
        return self.end - time.monotonic()

    def expired(self):
        return self.remaining() <= 0


# ---------------------------------------------------------------------------------------
# The OpenAPI document.

def short(text, limit=400):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f'… ({len(text)} characters)'


def instance_path(path):
    return '$' + ''.join(f'[{p}]' if isinstance(p, int) else f'.{p}' for p in path)


def pointer_escape(token):
    return token.replace('~', '~0').replace('/', '~1')


def pointer_unescape(token):
    return token.replace('~1', '/').replace('~0', '~')


def resolve_pointer(document, pointer):
    if not pointer.startswith('#'):
        raise KeyError(f'{pointer}: only references inside the document are allowed')
    node = document
    path = pointer[1:]
    if path == '':
        return node
    if not path.startswith('/'):
        raise KeyError(f'{pointer}: not a JSON pointer')
    for raw in path[1:].split('/'):
        token = pointer_unescape(raw)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and re.fullmatch(r'0|[1-9][0-9]*', token) and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(f'{pointer}: nothing at "{token}"')
    return node


def walk(node, pointer='#'):
    """Yields (pointer, node) for every dict and list in the document."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from walk(value, f'{pointer}/{pointer_escape(str(key))}')
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from walk(value, f'{pointer}/{index}')


def json_shaped(node, pointer='#'):
    """Problems that would make the YAML mean something else as JSON (YAML's int keys,
    dates, and so on)."""
    problems = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                problems.append(f'{pointer}: key {key!r} is a {type(key).__name__}, not a string (quote it)')
            problems += json_shaped(value, f'{pointer}/{pointer_escape(str(key))}')
    elif isinstance(node, list):
        for index, value in enumerate(node):
            problems += json_shaped(value, f'{pointer}/{index}')
    elif not (node is None or isinstance(node, (str, int, float, bool))):
        problems.append(f'{pointer}: {type(node).__name__} value {node!r} is not JSON')
    return problems


def schema_nodes(document):
    """Yields (pointer, schema) for every Schema Object in the document, nested ones
    included."""
    roots = []
    for name, schema in document.get('components', {}).get('schemas', {}).items():
        roots.append((f'#/components/schemas/{pointer_escape(name)}', schema))
    for pointer, node in walk(document):
        if isinstance(node, dict) and 'schema' in node and isinstance(node['schema'], dict):
            if not pointer.startswith('#/components/schemas'):
                roots.append((f'{pointer}/schema', node['schema']))

    def descend(pointer, schema):
        if not isinstance(schema, dict) or '$ref' in schema:
            return
        yield pointer, schema
        for keyword in ('properties',):
            for name, sub in schema.get(keyword, {}).items():
                yield from descend(f'{pointer}/{keyword}/{pointer_escape(name)}', sub)
        for keyword in ('items', 'additionalProperties', 'not'):
            if isinstance(schema.get(keyword), dict):
                yield from descend(f'{pointer}/{keyword}', schema[keyword])
        for keyword in ('allOf', 'anyOf', 'oneOf'):
            for index, sub in enumerate(schema.get(keyword, [])):
                yield from descend(f'{pointer}/{keyword}/{index}', sub)

    for pointer, schema in roots:
        yield from descend(pointer, schema)


def to_json_schema(node):
    """OpenAPI 3.0 schema → JSON Schema: `nullable: true` beside `type: T` becomes
    `type: [T, "null"]`, and null joins an `enum`."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: to_json_schema(value) for key, value in node.items()
           if not (key == 'nullable' and isinstance(value, bool))}
    if node.get('nullable') is True:
        out['type'] = [node['type'], 'null']
        if 'enum' in out and None not in out['enum']:
            out['enum'] = list(out['enum']) + [None]
    return out


def make_format_checker():
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks('date-time', raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
        return True

    return checker


class Spec:
    def __init__(self, path):
        self.path = path
        self.document = None
        self.json_document = None
        self.resolver = None
        self.format_checker = make_format_checker()
        self.exercised = {}      # (template, method) → set of statuses seen
        self.unrouted_seen = set()

    # -- static checks --------------------------------------------------------------------

    def static_checks(self, tap):
        try:
            with open(self.path, 'rb') as f:
                self.document = yaml.safe_load(f)
        except (OSError, yaml.YAMLError) as e:
            tap.result(f'{self.path} is readable YAML', [str(e)])
            raise Fatal('no document')
        doc = self.document
        if not tap.result('the OpenAPI file is a YAML mapping', [] if isinstance(doc, dict) else
                          [f'{self.path} holds a {type(doc).__name__}']):
            raise Fatal('no document')
        if not tap.result('the OpenAPI file has only JSON values', json_shaped(doc)):
            raise Fatal('not JSON-shaped')

        with open(OFFICIAL_SCHEMA, 'rb') as f:
            official = json.load(f)
        problems = []
        if official.get('$schema') != 'http://json-schema.org/draft-04/schema#':
            problems.append(f'{OFFICIAL_SCHEMA} is not draft-04: {official.get("$schema")}')
        jsonschema.Draft4Validator.check_schema(official)
        validator = jsonschema.Draft4Validator(official,
                                               format_checker=jsonschema.draft4_format_checker)
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            where = '#/' + '/'.join(pointer_escape(str(p)) for p in error.absolute_path)
            detail = short(error.message)
            if error.context:
                best = jsonschema.exceptions.best_match(error.context)
                detail += f'\n  closest: {"/".join(map(str, best.absolute_path))}: {best.message}'
            problems.append(f'{where}: {detail}')
        if not doc.get('openapi', '').startswith('3.0.'):
            problems.append(f'openapi is {doc.get("openapi")!r}, not 3.0.x')
        tap.result(f'{self.path} is valid against the official OpenAPI 3.0 schema ({official.get("id")})',
                   problems)

        problems = []
        referenced = set()
        for pointer, node in walk(doc):
            if isinstance(node, dict) and '$ref' in node:
                target = node['$ref']
                referenced.add(target)
                try:
                    resolve_pointer(doc, target)
                except KeyError as e:
                    problems.append(f'{pointer}/$ref: {e}')
        tap.result('every $ref resolves inside the document', problems)

        # Components the test itself uses for answers that belong to no operation.
        used_by_test = {'#/components/responses/UnknownPath',
                        '#/components/responses/MethodNotAllowed'}
        problems = []
        for kind, entries in doc.get('components', {}).items():
            if kind == 'securitySchemes':
                continue
            for name in entries:
                pointer = f'#/components/{kind}/{pointer_escape(name)}'
                if pointer not in referenced and pointer not in used_by_test:
                    problems.append(f'{pointer} is never used')
        tap.result('every component is used', problems)

        problems = []
        for pointer, schema in schema_nodes(doc):
            if schema.get('type') == 'object' and schema.get('additionalProperties') is not False:
                problems.append(f'{pointer}: an object schema without additionalProperties: false')
            if schema.get('type') == 'object' and schema.get('properties') and 'required' not in schema:
                problems.append(f'{pointer}: an object schema without a required list')
            for name in schema.get('required', []):
                if name not in schema.get('properties', {}):
                    problems.append(f'{pointer}: requires "{name}", which it does not describe')
            if 'nullable' in schema and 'type' not in schema:
                problems.append(f'{pointer}: nullable without a type')
            for keyword in ('type',):
                if isinstance(schema.get(keyword), list):
                    problems.append(f'{pointer}: a type array (OpenAPI 3.0 has none; use nullable)')
            if 'pattern' in schema:
                try:
                    re.compile(schema['pattern'])
                except re.error as e:
                    problems.append(f'{pointer}/pattern: {e}')
        tap.result('every object schema is closed and lists what it requires', problems)

        problems = []
        operation_ids = {}
        for template, item in doc.get('paths', {}).items():
            names = set(re.findall(r'\{([^}]+)\}', template))
            for method in METHODS:
                operation = item.get(method)
                if operation is None:
                    continue
                declared = {p['name'] for p in self.parameters(template, method) if p['in'] == 'path'}
                if declared != names:
                    problems.append(f'{method.upper()} {template}: path parameters {sorted(declared)} '
                                    f'but the template has {sorted(names)}')
                op_id = operation.get('operationId')
                if not op_id:
                    problems.append(f'{method.upper()} {template}: no operationId')
                elif op_id in operation_ids:
                    problems.append(f'operationId {op_id} twice ({operation_ids[op_id]})')
                else:
                    operation_ids[op_id] = f'{method.upper()} {template}'
                if not operation.get('responses'):
                    problems.append(f'{method.upper()} {template}: no responses')
        tap.result('every operation has an operationId and declares its path parameters', problems)

        self.json_document = to_json_schema(copy.deepcopy(doc))
        self.resolver = jsonschema.RefResolver('', self.json_document)

    # -- lookups --------------------------------------------------------------------------

    def deref(self, node, pointer):
        while isinstance(node, dict) and '$ref' in node:
            pointer = node['$ref']
            node = resolve_pointer(self.document, pointer)
        return node, pointer

    def parameters(self, template, method):
        item = self.document['paths'][template]
        out = {}
        # Operation parameters override path-item ones with the same name and location.
        for params in (item.get('parameters', []), item[method].get('parameters', [])):
            for param in params:
                param, _ = self.deref(param, '')
                name = param['name'].lower() if param['in'] == 'header' else param['name']
                out[(name, param['in'])] = param
        return list(out.values())

    def find_route(self, path):
        """The path template that matches a request path (concrete segments win), with its
        parameters, or None."""
        best = None
        for template in self.document.get('paths', {}):
            regex = '^' + re.sub(r'\\\{([^}]+)\\\}', r'(?P<\1>[^/]+)', re.escape(template)) + '$'
            m = re.match(regex, path)
            if not m:
                continue
            n_params = len(m.groupdict())
            if best is None or n_params < best[2]:
                best = (template, m.groupdict(), n_params)
        if best is None:
            return None
        return best[0], {k: urllib.parse.unquote(v) for k, v in best[1].items()}

    def template_pointer(self, template, method):
        return f'#/paths/{pointer_escape(template)}/{method}'

    # -- validation -----------------------------------------------------------------------

    def schema_location(self, start_pointer, schema_path):
        """The pointer in the OpenAPI file of the keyword that failed, following $refs."""
        pointer = start_pointer
        node = resolve_pointer(self.json_document, pointer)
        for element in schema_path:
            while isinstance(node, dict) and '$ref' in node:
                pointer = node['$ref']
                node = resolve_pointer(self.json_document, pointer)
            pointer = f'{pointer}/{pointer_escape(str(element))}'
            try:
                node = node[element]
            except (KeyError, IndexError, TypeError):
                break
        return pointer

    def validate(self, instance, schema_pointer):
        """Problems of @instance against the schema at @schema_pointer (empty when valid)."""
        validator = jsonschema.Draft4Validator({'$ref': schema_pointer}, resolver=self.resolver,
                                               format_checker=self.format_checker)
        problems = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
            where = instance_path(error.absolute_path)
            location = self.schema_location(schema_pointer, list(error.schema_path)[1:] if
                                            list(error.schema_path)[:1] == ['$ref'] else error.schema_path)
            problem = f'{where}: {short(error.message)}\n  schema: {location}'
            if error.context:
                best = jsonschema.exceptions.best_match(error.context)
                problem += (f'\n  closest alternative: {instance_path(best.absolute_path)}: '
                            f'{short(best.message)}')
            problems.append(problem)
        return problems


# ---------------------------------------------------------------------------------------
# Strict JSON, as the protocol asks of both sides.

def strict_json(data):
    def no_duplicates(pairs):
        out = {}
        for key, value in pairs:
            if key in out:
                raise ValueError(f'duplicate key "{key}"')
            out[key] = value
        return out

    def no_constants(name):
        raise ValueError(f'{name} is not JSON')

    text = data.decode('utf-8')  # strict: raises on invalid UTF-8
    return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)


def media_type(value):
    if value is None:
        return None, {}
    parts = [p.strip() for p in value.split(';')]
    params = {}
    for part in parts[1:]:
        key, _, val = part.partition('=')
        params[key.strip().lower()] = val.strip().strip('"')
    return parts[0].lower(), params


# ---------------------------------------------------------------------------------------
# The server.

class Server:
    def __init__(self, executable, data_dir, log_path):
        self.executable = executable
        self.data_dir = data_dir
        self.log_path = log_path
        self.process = None
        self.port = None
        self.output = []
        self.reader = None

    def start(self, extra=()):
        argv = [self.executable, '--port', '0', '--bind', '127.0.0.1',
                '--data-dir', self.data_dir, '--demo'] + SERVER_SETTINGS + list(extra)
        self.output = []
        self.reader = None
        self.log = open(self.log_path, 'ab')
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=self.log)
        deadline = Deadline(START_DEADLINE)
        buffer = b''
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while b'\n' not in buffer:
                if deadline.expired():
                    raise Fatal(f'no first line from {" ".join(argv)} within {START_DEADLINE:.0f} s')
                if not selector.select(timeout=deadline.remaining()):
                    continue
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    raise Fatal(f'{" ".join(argv)} exited ({self.process.wait()}) before its first line; '
                                f'stderr:\n{self.stderr_tail()}')
                buffer += chunk
        first, _, rest = buffer.partition(b'\n')
        self.output.append(rest)
        m = re.fullmatch(rb'plenum-server: listening on http://127\.0\.0\.1:([0-9]+)', first)
        if not m:
            raise Fatal(f'first line is {first!r}, not "plenum-server: listening on http://127.0.0.1:PORT"')
        self.port = int(m.group(1))
        # Keep draining stdout, so that a chatty server never blocks on a full pipe.
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()
        return first.decode()

    def _drain(self):
        while True:
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                return
            self.output.append(chunk)

    def stderr_tail(self, lines=30):
        try:
            with open(self.log_path, 'rb') as f:
                text = f.read().decode('utf-8', 'replace')
        except OSError:
            return ''
        return '\n'.join(text.splitlines()[-lines:])

    def stop(self):
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.reader is not None:
            self.reader.join(timeout=5)
        self.process.stdout.close()
        self.log.close()
        return self.process.returncode


# ---------------------------------------------------------------------------------------
# HTTP, checked against the spec.

class Exchange:
    def __init__(self, label, method, path, status, headers, body, operation):
        self.label = label
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers
        self.body = body
        self.operation = operation   # "GET /api/v1/x" of the spec, or None
        self.json = None

    def header(self, name):
        return self.headers.get(name)

    def error_code(self):
        try:
            return self.json['error']['code']
        except (TypeError, KeyError):
            return None

    def error_message(self):
        try:
            return self.json['error']['message']
        except (TypeError, KeyError):
            return ''


class Api:
    def __init__(self, spec, tap, port):
        self.spec = spec
        self.tap = tap
        self.port = port

    def connect(self, timeout=REQUEST_TIMEOUT):
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)

    def _request_headers(self, token, headers, body, content_type):
        out = {'Accept': '*/*'}
        if token is not None:
            out['Authorization'] = f'Bearer {token}'
        if body is not None:
            out['Content-Type'] = content_type
        out.update(headers or {})
        return out

    def lookup(self, method, path):
        """(template, operation pointer, operation) for a request; the operation is None for
        a known path without that method; the template is None for an unknown path."""
        route = self.spec.find_route(urllib.parse.urlsplit(path).path)
        if route is None:
            return None, None, None, {}
        template, params = route
        operation = self.spec.document['paths'][template].get(method.lower())
        return template, self.spec.template_pointer(template, method.lower()), operation, params

    def check_request(self, template, method, operation, params, path, headers, json_body,
                      request_valid):
        """The request side: path and header parameters and the JSON body against the spec,
        so that a "good input" really is good by the spec, and a "bad input" really is bad."""
        problems = []
        if operation is None:
            return problems
        found = []
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query, keep_blank_values=True)
        lower_headers = {k.lower(): v for k, v in (headers or {}).items()}
        for param in self.spec.parameters(template, method.lower()):
            name, where = param['name'], param['in']
            value = None
            if where == 'path':
                value = params.get(name)
            elif where == 'query':
                value = query.get(name, [None])[0]
            elif where == 'header':
                value = lower_headers.get(name.lower())
            if value is None:
                if param.get('required'):
                    found.append(f'required {where} parameter {name} missing')
                continue
            schema, _ = self.spec.deref(param.get('schema', {}), '')
            instance = value
            if schema.get('type') == 'integer' and re.fullmatch(r'-?[0-9]+', value):
                instance = int(value)
            validator = jsonschema.Draft4Validator(to_json_schema(schema), resolver=self.spec.resolver)
            for error in validator.iter_errors(instance):
                found.append(f'{where} parameter {name}={value!r}: {error.message}')
        if json_body is not None and 'requestBody' in operation:
            op_pointer = self.spec.template_pointer(template, method.lower())
            body_spec, body_pointer = self.spec.deref(operation['requestBody'], f'{op_pointer}/requestBody')
            media = body_spec.get('content', {}).get('application/json')
            if media is not None:
                pointer = f'{body_pointer}/content/application~1json/schema'
                found += self.spec.validate(json_body, pointer)
        if request_valid is True and found:
            problems.append('the test sent a request the spec refuses (a fault in the test or the spec):')
            problems += ['  ' + p for p in found]
        if request_valid is False and not found:
            problems.append('this bad input is not refused by the spec: '
                            'the spec is looser than the server should be')
        return problems

    def check_response(self, ex, template, op_pointer, operation, path):
        """The answer against the spec. Returns a list of problems."""
        problems = []
        method = ex.method.lower()
        if template is None:
            response_pointer = '#/components/responses/UnknownPath'
            self.spec.unrouted_seen.add('404')
            if ex.status != 404:
                problems.append(f'{ex.method} {path}: no path of the spec matches, so 404 was due, '
                                f'got {ex.status}')
                return problems
        elif operation is None:
            response_pointer = '#/components/responses/MethodNotAllowed'
            self.spec.unrouted_seen.add('405')
            if ex.status != 405:
                problems.append(f'{ex.method} {path}: {template} has no {ex.method}, so 405 was due, '
                                f'got {ex.status}')
                return problems
            allow = ex.header('Allow')
            if allow:
                allowed = {m.strip().upper() for m in allow.split(',') if m.strip()}
                documented = {m.upper() for m in METHODS if m in self.spec.document['paths'][template]}
                if not documented <= allowed:
                    problems.append(f'Allow: {allow} leaves out {sorted(documented - allowed)}, '
                                    f'which {template} has')
                extra = allowed - documented - ({'HEAD'} if 'GET' in documented else set())
                if extra:
                    problems.append(f'Allow: {allow} names {sorted(extra)}, '
                                    f'which {template} does not have in the spec')
        else:
            self.spec.exercised.setdefault((template, method), set()).add(str(ex.status))
            responses = operation.get('responses', {})
            key = str(ex.status)
            if key not in responses:
                key = f'{ex.status // 100}XX'
            if key not in responses:
                key = 'default'
            if key not in responses:
                problems.append(f'status {ex.status} is not documented for {ex.method} {template} '
                                f'(documented: {", ".join(sorted(responses))}; see {op_pointer}/responses)')
                return problems
            response_pointer = f'{op_pointer}/responses/{pointer_escape(key)}'

        response, response_pointer = self.spec.deref(resolve_pointer(self.spec.document, response_pointer),
                                                     response_pointer)

        for name, header in response.get('headers', {}).items():
            header, header_pointer = self.spec.deref(
                header, f'{response_pointer}/headers/{pointer_escape(name)}')
            values = ex.headers.get_all(name) or []
            if not values:
                if header.get('required'):
                    problems.append(f'header {name} missing (required by {header_pointer})')
                continue
            if len(values) > 1:
                problems.append(f'header {name} sent {len(values)} times: {values}')
            value = values[0]
            schema = to_json_schema(header.get('schema', {}))
            instance = value
            if schema.get('type') == 'integer' and re.fullmatch(r'[0-9]+', value):
                instance = int(value)
            validator = jsonschema.Draft4Validator(schema, resolver=self.spec.resolver)
            for error in validator.iter_errors(instance):
                problems.append(f'header {name}: {value!r}: {error.message} (schema {header_pointer}/schema)')

        content = response.get('content')
        length = ex.header('Content-Length')
        if ex.method != 'HEAD' and length is not None and length.isdigit() and int(length) != len(ex.body):
            problems.append(f'Content-Length {length} but the body has {len(ex.body)} bytes')
        if ex.method == 'HEAD':
            if ex.body:
                problems.append(f'a HEAD answer with a body of {len(ex.body)} bytes')
            return problems
        if ex.status in (204, 304) or not content:
            if ex.body:
                problems.append(f'{ex.status}: no body is documented ({response_pointer}), '
                                f'got {len(ex.body)} bytes: {ex.body[:200]!r}')
            return problems

        ctype, params = media_type(ex.header('Content-Type'))
        if ctype not in content:
            problems.append(f'Content-Type {ex.header("Content-Type")!r} is not one documented for '
                            f'{ex.status} ({", ".join(content)}; {response_pointer})')
            return problems
        media_pointer = f'{response_pointer}/content/{pointer_escape(ctype)}'
        if ctype == 'application/json':
            if params.get('charset', '').lower() != 'utf-8':
                problems.append(f'Content-Type {ex.header("Content-Type")!r}: the protocol says '
                                f'application/json; charset=utf-8')
            try:
                ex.json = strict_json(ex.body)
            except (UnicodeDecodeError, ValueError) as e:
                problems.append(f'the body is not strict JSON: {e}: {ex.body[:200]!r}')
                return problems
            found = self.spec.validate(ex.json, f'{media_pointer}/schema')
            if found:
                problems.append(f'the body does not match {media_pointer}/schema:')
                problems += ['  ' + p for p in found[:8]]
                if len(found) > 8:
                    problems.append(f'  … and {len(found) - 8} more')
        return problems

    def call(self, label, method, path, *, token=None, headers=None, body=None, json_body=None,
             raw_json=None, content_type='application/json; charset=utf-8', expect=None,
             expect_code=None, request_valid=None, need=False):
        """One request, checked. @expect: the status (or a set of statuses) the scenario
        wants; @expect_code: the error code it wants. @need: raise Fatal when the status is
        not the expected one, because later steps build on this answer."""
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode('utf-8')
            if request_valid is None:
                request_valid = True
        elif raw_json is not None:
            body = raw_json
        request_headers = self._request_headers(token, headers, body, content_type)
        template, op_pointer, operation, params = self.lookup(method, path)
        problems = self.check_request(template, method, operation, params, path, headers,
                                      json_body, request_valid)

        conn = self.connect()
        try:
            try:
                conn.request(method, path, body=body, headers=request_headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # a server may answer (413) and close before it has read a big body
            resp = conn.getresponse()
            data = resp.read()
            ex = Exchange(label, method, path, resp.status, resp.headers, data,
                          f'{method} {template}' if operation is not None else None)
        except (OSError, http.client.HTTPException) as e:
            self.tap.result(f'{label}: {method} {path}', [f'the request failed: {e!r}'])
            raise Fatal(f'{method} {path}: {e!r}')
        finally:
            conn.close()

        problems += self.check_response(ex, template, op_pointer, operation, path)
        expected = {expect} if isinstance(expect, int) else set(expect or ())
        status_ok = not expected or ex.status in expected
        if not status_ok:
            wanted = ' or '.join(map(str, sorted(expected)))
            problems.append(f'status {ex.status}, the scenario wants {wanted}'
                            + (f' ({ex.error_code()}: {ex.error_message()})' if ex.error_code() else ''))
        if expect_code is not None and ex.error_code() != expect_code:
            problems.append(f'error code {ex.error_code()!r}, the scenario wants {expect_code!r}')
        where = f' [{operation.get("operationId")}]' if operation else ''
        self.tap.result(f'{label}: {method} {path} → {ex.status}{where}', problems)
        if need and not status_ok:
            raise Fatal(f'{label}: later steps need {expect}')
        return ex

    # -- Server-Sent Events ---------------------------------------------------------------

    def open_events(self, label, query='', *, token, headers=None, expect=200):
        path = '/api/v1/events' + query
        request_headers = self._request_headers(token, {'Accept': 'text/event-stream', **(headers or {})},
                                                None, None)
        template, op_pointer, operation, params = self.lookup('GET', path)
        problems = self.check_request(template, 'GET', operation, params, path, headers, None, True)
        conn = self.connect(timeout=EVENT_DEADLINE)
        conn.request('GET', path, headers=request_headers)
        resp = conn.getresponse()
        ex = Exchange(label, 'GET', path, resp.status, resp.headers, b'', f'GET {template}')
        if resp.status != 200:
            ex.body = resp.read()
            conn.close()
            problems += self.check_response(ex, template, op_pointer, operation, path)
            problems.append(f'status {resp.status}, the scenario wants {expect}')
            self.tap.result(f'{label}: GET {path} → {ex.status}', problems)
            raise Fatal(f'{label}: no event stream')
        problems += self.check_response(ex, template, op_pointer, operation, path)
        # check_response saw an empty body so far; the media type is what matters here.
        ctype, _ = media_type(ex.header('Content-Type'))
        if ctype != 'text/event-stream':
            problems.append(f'Content-Type {ex.header("Content-Type")!r}, not text/event-stream')
        self.tap.result(f'{label}: GET {path} → 200 [{operation.get("operationId")}]', problems)
        schema_pointer = (f'{op_pointer}/responses/200/content/text~1event-stream/schema')
        return EventStream(self, conn, resp, schema_pointer, label)


class EventStream:
    """Reads one SSE stream: events (validated against the Event schema) and comments."""

    def __init__(self, api, conn, resp, schema_pointer, label):
        self.api = api
        self.conn = conn
        self.resp = resp
        self.schema_pointer = schema_pointer
        self.label = label
        self.last_seq = None

    def close(self):
        self.conn.close()

    def _line(self, deadline):
        remaining = deadline.remaining()
        if remaining <= 0:
            raise TimeoutError('deadline passed')
        self.conn.sock.settimeout(remaining)
        line = self.resp.readline()
        if not line:
            raise EOFError('the server closed the stream')
        if line.endswith(b'\r\n'):
            return line[:-2]
        if line.endswith(b'\n'):
            return line[:-1]
        raise EOFError(f'a partial line at the end of the stream: {line!r}')

    def next(self, deadline):
        """('comment', text) or ('event', fields, data) — fields checked, data validated.
        Raises TimeoutError at the deadline."""
        fields = {}
        data_lines = []
        while True:
            raw = self._line(deadline)
            try:
                line = raw.decode('utf-8')
            except UnicodeDecodeError:
                raise AssertionError(f'an SSE line that is not UTF-8: {raw!r}')
            if line.startswith(':'):
                if not fields and not data_lines:
                    return ('comment', line[1:].strip())
                continue
            if line == '':
                if not fields and not data_lines:
                    continue
                if not data_lines:
                    # A block with only an id is no event (the SSE rules drop a block
                    # without data): the server's position line, sent when a stream
                    # starts. Anything else without data is a server bug.
                    ids = fields.get('id', [])
                    if set(fields) != {'id'} or len(ids) != 1 or not ids[0].isdigit():
                        raise AssertionError(f'an SSE block without data: {fields!r}')
                    self.position = int(ids[0])
                    fields = {}
                    continue
                return self._event(fields, data_lines)
            name, colon, value = line.partition(':')
            if colon and value.startswith(' '):
                value = value[1:]
            if name == 'data':
                data_lines.append(value)
            else:
                fields.setdefault(name, []).append(value)

    def _event(self, fields, data_lines):
        problems = []
        for name in ('id', 'event'):
            if len(fields.get(name, [])) != 1:
                problems.append(f'field "{name}" {len(fields.get(name, []))} times, wants once')
        unknown = set(fields) - {'id', 'event', 'retry'}
        if unknown:
            problems.append(f'unknown SSE fields {sorted(unknown)}')
        data = None
        try:
            data = strict_json('\n'.join(data_lines).encode('utf-8'))
        except ValueError as e:
            problems.append(f'data is not strict JSON: {e}: {data_lines!r}')
        if data is not None:
            for problem in self.api.spec.validate(data, self.schema_pointer):
                problems.append(f'data against {self.schema_pointer}:\n  {problem}')
            if isinstance(data, dict):
                if fields.get('id') and str(data.get('seq')) != fields['id'][0]:
                    problems.append(f'id: {fields["id"][0]} but data.seq is {data.get("seq")}')
                if fields.get('event') and data.get('type') != fields['event'][0]:
                    problems.append(f'event: {fields["event"][0]} but data.type is {data.get("type")}')
                seq = data.get('seq')
                if isinstance(seq, int) and data.get('type') != 'reset':
                    if self.last_seq is not None and seq <= self.last_seq:
                        problems.append(f'seq {seq} after {self.last_seq}: not increasing')
                    self.last_seq = seq
        summary = data.get('type') if isinstance(data, dict) else '?'
        seq = data.get('seq') if isinstance(data, dict) else '?'
        self.api.tap.result(f'{self.label}: event {seq} {summary} matches the Event schema', problems)
        return ('event', fields, data)


# ---------------------------------------------------------------------------------------
# Test data.

def make_pdf(text):
    """A small valid one-page PDF, byte-identical for the same text."""
    text = text.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')
    stream = f'BT /F1 24 Tf 72 720 Td ({text}) Tj ET'.encode('latin-1')
    objects = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> '
        b'/Contents 4 0 R >>',
        b'<< /Length ' + str(len(stream)).encode() + b' >>\nstream\n' + stream + b'\nendstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ]
    out = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f'{number} 0 obj\n'.encode() + body + b'\nendobj\n'
    xref = len(out)
    out += f'xref\n0 {len(objects) + 1}\n'.encode() + b'0000000000 65535 f \n'
    for offset in offsets:
        out += f'{offset:010d} 00000 n \n'.encode()
    out += (f'trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n').encode()
    return out


class Account:
    def __init__(self, name, display_name, pin, role, in_body):
        self.name = name
        self.display_name = display_name
        self.pin = pin
        self.role = role
        self.in_body = in_body
        self.token = None
        self.id = None

    def __repr__(self):
        return f'{self.name} ({self.role}{", in the body" if self.in_body else ""})'


def demo_accounts(source_root):
    """The demo accounts, read from the server's demo source: name, display name, PIN,
    role and membership in the demo body."""
    path = os.path.join(source_root, 'server', 'plenum-demo.c')
    with open(path, encoding='utf-8') as f:
        source = f.read()
    pattern = re.compile(r'\{\s*"([a-z0-9._-]+)"\s*,\s*"([^"]+)"\s*,\s*"([0-9]{4,12})"\s*,'
                         r'\s*"(member|secretary)"\s*,\s*(TRUE|FALSE)\s*[,}]')
    accounts = [Account(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5) == 'TRUE')
                for m in pattern.finditer(source)]
    if not accounts:
        raise Fatal(f'no demo accounts found in {path}')
    return accounts


# ---------------------------------------------------------------------------------------
# The scenario.

def is_sorted(values):
    return all(a <= b for a, b in zip(values, values[1:]))


def run(spec, tap, api, accounts):
    random_uuid = lambda: str(uuid.uuid4())
    secretary = next((a for a in accounts if a.role == 'secretary'), None)
    members = [a for a in accounts if a.role == 'member' and a.in_body]
    outsiders = [a for a in accounts if a.role == 'member' and not a.in_body]
    if secretary is None or len(members) < 2:
        raise Fatal(f'the demo needs a secretary and two members of its body: {accounts}')
    member = members[0]
    locked = members[-1]          # only used to run into the sign-in limit
    outsider = outsiders[0] if outsiders else None

    # -- server, other versions, unknown paths --------------------------------------------
    ex = api.call('server info', 'GET', '/api/v1/server', expect=200, need=True)
    if ex.json:
        tap.check('server speaks API version 1', ex.json.get('api_version') == 1, repr(ex.json))
    for version in ('v2', 'v10'):
        ex = api.call(f'API {version}', 'GET', f'/api/{version}/server', expect=410,
                      expect_code='api_version_unsupported')
        tap.check(f'the 410 for {version} names version 1',
                  re.search(r'\b(v?1)\b', ex.error_message()) is not None,
                  f'message: {ex.error_message()!r}')
    for version in ('v0', 'v01'):
        api.call(f'{version} is no version number', 'GET', f'/api/{version}/server', expect=404,
                 expect_code='not_found', request_valid=False)
    api.call('unknown path', 'GET', '/api/v1/nothing-here', expect=404, expect_code='not_found')
    api.call('unknown path under a known one', 'GET', '/api/v1/server/more', expect=404,
             expect_code='not_found')
    api.call('method not allowed', 'POST', '/api/v1/server', raw_json=b'{}', expect=405,
             expect_code='method_not_allowed')
    api.call('method not allowed', 'DELETE', '/api/v1/meetings', expect=405,
             expect_code='method_not_allowed')
    api.call('method not allowed', 'PATCH', '/api/v1/session', raw_json=b'{}', expect=405,
             expect_code='method_not_allowed')

    # -- signing in -------------------------------------------------------------------------
    def sign_in(account, label=None, pin=None, expect=201, code=None, valid=True):
        return api.call(label or f'sign in as {account.name}', 'POST', '/api/v1/session',
                        json_body={'name': account.name, 'pin': pin or account.pin,
                                   'terminal_id': TERMINAL_ID},
                        expect=expect, expect_code=code, request_valid=valid, need=(expect == 201))

    for account in (member, secretary) + ((outsider,) if outsider else ()):
        ex = sign_in(account)
        session = ex.json or {}
        account.token = session.get('token')
        account.id = session.get('account', {}).get('id')
        got = session.get('account', {})
        tap.check(f'the session is {account.name}\'s', got.get('name') == account.name and
                  got.get('role') == account.role and got.get('display_name') == account.display_name,
                  f'{got!r}')
        try:
            expires = datetime.datetime.fromisoformat(session['expires_at'].replace('Z', '+00:00'))
            tap.check(f'{account.name}\'s token expires in the future',
                      expires > datetime.datetime.now(datetime.timezone.utc), session['expires_at'])
        except (KeyError, ValueError) as e:
            tap.check(f'{account.name}\'s token has an expiry', False, repr(e))

    wrong_pin = '0000' if member.pin != '0000' else '9999'
    sign_in(member, 'wrong PIN', pin=wrong_pin, expect=401, code='wrong_credentials')
    api.call('unknown name', 'POST', '/api/v1/session',
             json_body={'name': 'nobody.at.all', 'pin': '123456', 'terminal_id': TERMINAL_ID},
             expect=401, expect_code='wrong_credentials')
    bad_sessions = [
        ('a body that is not JSON', b'{"name": "x", ', None),
        ('a duplicate key', ('{"name": "%s", "name": "%s", "pin": "%s", "terminal_id": "%s"}'
                             % (member.name, member.name, member.pin, TERMINAL_ID)).encode(), 'name'),
        ('invalid UTF-8',
         b'{"name": "\xff\xfe", "pin": "1234", "terminal_id": "' + TERMINAL_ID.encode() + b'"}',
         None),
    ]
    for what, raw, field in bad_sessions:
        ex = api.call(f'sign in with {what}', 'POST', '/api/v1/session', raw_json=raw, expect=400,
                      expect_code='bad_request')
    bad_bodies = [
        ('a missing pin', {'name': member.name, 'terminal_id': TERMINAL_ID}, 'pin'),
        ('an unknown key', {'name': member.name, 'pin': member.pin, 'terminal_id': TERMINAL_ID,
                            'remember_me': True}, 'remember_me'),
        ('a PIN that is a number', {'name': member.name, 'pin': int(member.pin), 'terminal_id': TERMINAL_ID},
         'pin'),
        ('a terminal id that is no UUID', {'name': member.name, 'pin': member.pin, 'terminal_id': 'seat-12'},
         'terminal_id'),
        ('a PIN of letters', {'name': member.name, 'pin': 'abcd', 'terminal_id': TERMINAL_ID}, 'pin'),
    ]
    for what, body, field in bad_bodies:
        ex = api.call(f'sign in with {what}', 'POST', '/api/v1/session', json_body=body,
                      request_valid=False, expect=400, expect_code='bad_request')
        if ex.status == 400:
            tap.check(f'the 400 for {what} names "{field}"', field in ex.error_message(),
                      f'message: {ex.error_message()!r}')

    # The fifth failure in a row locks the name and says so; while locked, even the right
    # PIN gets 429.
    for attempt in range(1, 5):
        sign_in(locked, f'wrong PIN for {locked.name}, attempt {attempt}', pin=wrong_pin, expect=401,
                code='wrong_credentials')
    for what, pin in (('wrong PIN, attempt 5', wrong_pin), ('right PIN while locked', None)):
        ex = sign_in(locked, f'{what} for {locked.name}', pin=pin, expect=429, code='too_many_attempts')
        retry = ex.header('Retry-After')
        tap.check(f'{what}: Retry-After is at most the lockout ({LOCKOUT_SECONDS} s)',
                  retry is not None and retry.isdigit() and 0 < int(retry) <= LOCKOUT_SECONDS,
                  f'Retry-After: {retry!r}')
    ex = api.call('sign in with a body over the limit', 'POST', '/api/v1/session',
                  raw_json=b'{"name": "' + b'x' * MAX_JSON_BYTES + b'"}', expect=413, expect_code='too_large')

    # -- PINs: one's own, and the secretariat's issue, reset and unlock --------------------
    api.call('unlock by a member', 'POST', f'/api/v1/accounts/{locked.name}/unlock',
             token=member.token, json_body={}, expect=403, expect_code='forbidden')
    api.call('unlock an unknown name', 'POST', '/api/v1/accounts/nobody.at.all/unlock',
             token=secretary.token, json_body={}, expect=404, expect_code='not_found')
    api.call('unlock with a key', 'POST', f'/api/v1/accounts/{locked.name}/unlock',
             token=secretary.token, json_body={'all': True}, request_valid=False, expect=400,
             expect_code='bad_request')
    api.call(f'unlock {locked.name}', 'POST', f'/api/v1/accounts/{locked.name}/unlock',
             token=secretary.token, json_body={}, expect=204)
    sign_in(locked, f'right PIN for {locked.name} once unlocked')

    new_pin = '24681357' if member.pin != '24681357' else '13572468'
    pin_path = f'/api/v1/accounts/{member.name}/pin'
    api.call('set a PIN as a member', 'PUT', pin_path, token=member.token,
             json_body={'pin': new_pin}, expect=403, expect_code='forbidden')
    api.call('set the PIN of an unknown name', 'PUT', '/api/v1/accounts/nobody.at.all/pin',
             token=secretary.token, json_body={'pin': new_pin}, expect=404, expect_code='not_found')
    api.call('set a PIN of three digits', 'PUT', pin_path, token=secretary.token,
             json_body={'pin': '123'}, request_valid=False, expect=400, expect_code='bad_request')
    api.call('set a PIN', 'PUT', pin_path, token=secretary.token,
             json_body={'operation_id': random_uuid(), 'pin': new_pin}, expect=204)
    sign_in(member, 'the old PIN after a reset', expect=401, code='wrong_credentials')
    sign_in(member, 'the new PIN after a reset', pin=new_pin)

    api.call('change one\'s own PIN to itself', 'PUT', '/api/v1/session/pin', token=member.token,
             json_body={'current_pin': new_pin, 'new_pin': new_pin}, expect=400,
             expect_code='bad_request')
    api.call('change one\'s own PIN with a wrong one', 'PUT', '/api/v1/session/pin',
             token=member.token, json_body={'current_pin': wrong_pin, 'new_pin': member.pin},
             expect=401, expect_code='wrong_credentials')
    api.call('change one\'s own PIN back', 'PUT', '/api/v1/session/pin', token=member.token,
             json_body={'current_pin': new_pin, 'new_pin': member.pin}, expect=204)
    sign_in(member, 'the PIN changed back')
    api.call('the token the PIN was changed with still works', 'GET', '/api/v1/bodies',
             token=member.token, expect=200)

    # -- authentication on every operation that needs it ---------------------------------
    demo_meeting_id = '00000000-0000-4000-8000-000000000000'
    some_hash = '0' * 64
    example_params = {'id': demo_meeting_id, 'sha256': some_hash,
                      'terminal_id': '00000000-0000-4000-8000-000000000001',
                      'annotation_id': '00000000-0000-4000-8000-000000000002',
                      'vote_id': '00000000-0000-4000-8000-000000000003',
                      'item_id': '00000000-0000-4000-8000-000000000004',
                      'account_id': '00000000-0000-4000-8000-000000000005',
                      'round_id': '00000000-0000-4000-8000-000000000006',
                      'document_id': '00000000-0000-4000-8000-000000000007',
                      'body_id': '00000000-0000-4000-8000-000000000008',
                      'name': 'nobody.at.all'}
    for template, item in spec.document['paths'].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            security = operation.get('security', spec.document.get('security', []))
            if not security:
                continue
            path = re.sub(r'\{([^}]+)\}', lambda m: example_params[m.group(1)], template)
            body = b'{}' if method in ('put', 'post', 'delete') and 'requestBody' in operation else None
            for what, token in (('no token', None), ('an unknown token', 'f' * 64),
                                ('a malformed token', 'not a token')):
                api.call(f'{operation["operationId"]} with {what}', method.upper(), path, token=token,
                         raw_json=body, expect=401,
                         expect_code=None if method == 'head' else 'unauthorized')

    # -- bodies and meetings ----------------------------------------------------------------
    ex = api.call('bodies of a member', 'GET', '/api/v1/bodies', token=member.token, expect=200, need=True)
    bodies = ex.json['bodies'] if ex.json else []
    tap.check('the member belongs to every body listed, and to at least one',
              bodies and all(any(m['id'] == member.id for m in b['members']) for b in bodies),
              json.dumps(bodies, ensure_ascii=False)[:500])
    ex = api.call('bodies of the secretariat', 'GET', '/api/v1/bodies', token=secretary.token, expect=200,
                  need=True)
    all_bodies = ex.json['bodies'] if ex.json else []
    tap.check('the secretariat sees the member\'s bodies too',
              {b['id'] for b in bodies} <= {b['id'] for b in all_bodies})
    tap.check('the secretariat sees sign-in names, a member never does',
              all('name' in m for b in all_bodies for m in b['members']) and
              not any('name' in m for b in bodies for m in b['members']),
              json.dumps(bodies, ensure_ascii=False)[:300])
    body = bodies[0]
    body_members = [m['id'] for m in body['members']]

    ex = api.call('meetings of a member', 'GET', '/api/v1/meetings', token=member.token, expect=200,
                  need=True)
    meetings = ex.json['meetings'] if ex.json else []
    list_etag = ex.header('ETag')
    tap.check('meetings are soonest first', is_sorted([m['starts_at'] for m in meetings]),
              repr([m['starts_at'] for m in meetings]))
    tap.check('the member sees a meeting of the demo', len(meetings) >= 1)
    tap.check('the member sees only meetings of their bodies',
              all(m['body_id'] in {b['id'] for b in bodies} for m in meetings))
    if list_etag:
        api.call('meetings, unchanged', 'GET', '/api/v1/meetings', token=member.token,
                 headers={'If-None-Match': list_etag}, expect=304)
        api.call('meetings, another tag', 'GET', '/api/v1/meetings', token=member.token,
                 headers={'If-None-Match': '"not-the-tag"'}, expect=200)
    ex = api.call('meetings of the secretariat', 'GET', '/api/v1/meetings', token=secretary.token,
                  expect=200, need=True)
    tap.check('the secretariat sees every meeting the member sees',
              {m['id'] for m in meetings} <= {m['id'] for m in (ex.json or {}).get('meetings', [])})

    demo = next((m for m in meetings if m['packet_version'] > 0), meetings[0])
    demo_meeting_id = demo['id']
    ex = api.call('the demo meeting', 'GET', f'/api/v1/meetings/{demo_meeting_id}', token=member.token,
                  expect=200, need=True)
    meeting = ex.json
    meeting_etag = ex.header('ETag')
    tap.check('the meeting repeats its summary',
              all(meeting.get(k) == v for k, v in demo.items()),
              f'summary {demo!r}')
    if meeting_etag:
        ex = api.call('the demo meeting, unchanged', 'GET', f'/api/v1/meetings/{demo_meeting_id}',
                      token=member.token, headers={'If-None-Match': meeting_etag}, expect=304)
        tap.check('the 304 carries the same ETag', ex.header('ETag') in (None, meeting_etag),
                  f'{ex.header("ETag")!r} vs {meeting_etag!r}')
        api.call('the demo meeting, a list of tags', 'GET', f'/api/v1/meetings/{demo_meeting_id}',
                 token=member.token, headers={'If-None-Match': f'"x", {meeting_etag}'}, expect=304)
        api.call('the demo meeting, the weak form of its tag', 'GET', f'/api/v1/meetings/{demo_meeting_id}',
                 token=member.token, headers={'If-None-Match': f'W/{meeting_etag}'}, expect=304)
        api.call('the demo meeting, any tag', 'GET', f'/api/v1/meetings/{demo_meeting_id}',
                 token=member.token, headers={'If-None-Match': '*'}, expect=304)
    api.call('a meeting that does not exist', 'GET', f'/api/v1/meetings/{random_uuid()}', token=member.token,
             expect=404, expect_code='not_found')
    api.call('a meeting id that is no UUID', 'GET', '/api/v1/meetings/not-a-uuid', token=member.token,
             expect=404, expect_code='not_found', request_valid=False)
    api.call('a meeting id in upper case', 'GET', f'/api/v1/meetings/{demo_meeting_id.upper()}',
             token=member.token, expect=404, expect_code='not_found', request_valid=False)
    if outsider:
        api.call('the demo meeting, for someone outside its body', 'GET',
                 f'/api/v1/meetings/{demo_meeting_id}', token=outsider.token, expect=404,
                 expect_code='not_found')
        ex = api.call('meetings of someone outside the body', 'GET', '/api/v1/meetings', token=outsider.token,
                      expect=200)
        tap.check('the outsider does not see the demo meeting',
                  demo_meeting_id not in {m['id'] for m in (ex.json or {}).get('meetings', [])})

    documents = [d for item in meeting['agenda'] for d in item['documents']]
    if not documents:
        raise Fatal('the demo meeting has no documents')
    doc = documents[0]
    sha, size = doc['sha256'], doc['size']

    # -- blobs ------------------------------------------------------------------------------
    blob = f'/api/v1/blobs/{sha}'
    ex = api.call('a blob', 'GET', blob, token=member.token, expect=200, need=True)
    whole = ex.body
    tap.check('the blob hashes to its name', hashlib.sha256(whole).hexdigest() == sha)
    tap.check('the blob has the size the meeting gives', len(whole) == size, f'{len(whole)} vs {size}')
    tap.check('the blob is a PDF', whole.startswith(b'%PDF-'), repr(whole[:16]))
    tap.check('the blob ETag is its hash', ex.header('ETag') == f'"{sha}"', repr(ex.header('ETag')))
    get_headers = {k: ex.header(k) for k in ('Content-Type', 'Content-Length', 'ETag', 'Accept-Ranges')}
    ex = api.call('a blob, headers only', 'HEAD', blob, token=member.token, expect=200)
    head_headers = {k: ex.header(k) for k in get_headers}
    tap.check('HEAD answers the same headers as GET', head_headers == get_headers,
              f'GET {get_headers}\nHEAD {head_headers}')

    def ranged(label, value, status, start=None, end=None):
        ex = api.call(label, 'GET', blob, token=member.token, headers={'Range': value}, expect=status)
        if status == 206 and ex.status == 206:
            tap.check(f'{label}: the bytes {start}-{end}', ex.body == whole[start:end + 1],
                      f'{len(ex.body)} bytes')
            tap.check(f'{label}: Content-Range', ex.header('Content-Range') == f'bytes {start}-{end}/{size}',
                      repr(ex.header('Content-Range')))
        elif status == 200 and ex.status == 200:
            tap.check(f'{label}: the whole blob', ex.body == whole, f'{len(ex.body)} bytes')
        return ex

    ranged('the first 100 bytes', 'bytes=0-99', 206, 0, 99)
    ranged('from byte 100 on', 'bytes=100-', 206, 100, size - 1)
    ranged('the last 50 bytes', 'bytes=-50', 206, size - 50, size - 1)
    ranged('a range past the end, clipped', f'bytes={size - 10}-{size + 1000}', 206, size - 10, size - 1)
    ranged('the last byte', f'bytes={size - 1}-{size - 1}', 206, size - 1, size - 1)
    ranged('a suffix longer than the blob', f'bytes=-{size + 100}', 206, 0, size - 1)
    ranged('a range that ends before it starts', 'bytes=10-5', 200)
    ex = ranged('an empty suffix', 'bytes=-0', 416)
    tap.check('the 416 for an empty suffix gives the size', ex.header('Content-Range') == f'bytes */{size}',
              repr(ex.header('Content-Range')))
    ex = api.call('a blob, unchanged', 'GET', blob, token=member.token, headers={'If-None-Match': f'"{sha}"'},
                  expect=304)
    api.call('a blob, unchanged, headers only', 'HEAD', blob, token=member.token,
             headers={'If-None-Match': f'"{sha}"'}, expect=304)
    api.call('a blob, another tag', 'GET', blob, token=member.token,
             headers={'If-None-Match': f'"{"0" * 64}"'}, expect=200)
    ex = ranged('a range starting past the end', f'bytes={size}-', 416)
    tap.check('the 416 gives the size', ex.header('Content-Range') == f'bytes */{size}',
              repr(ex.header('Content-Range')))
    if ex.status == 416:
        tap.check('the 416 has the range_not_satisfiable code', ex.error_code() == 'range_not_satisfiable')
    ranged('two ranges', 'bytes=0-1,5-6', 200)
    ranged('a malformed Range', 'bytes=abc', 200)
    ranged('a Range in another unit', 'pages=1-2', 200)

    api.call('a blob nobody uploaded', 'GET', f'/api/v1/blobs/{"e" * 64}', token=member.token, expect=404,
             expect_code='not_found')
    api.call('a blob name that is no hash', 'GET', '/api/v1/blobs/not-a-hash', token=member.token,
             expect=404, expect_code='not_found', request_valid=False)
    api.call('a blob name in upper case', 'GET', f'/api/v1/blobs/{sha.upper()}', token=member.token,
             expect=404, expect_code='not_found', request_valid=False)
    api.call('a blob name that is no hash, headers only', 'HEAD', '/api/v1/blobs/not-a-hash',
             token=member.token, expect=404, request_valid=False)
    api.call('a blob nobody uploaded, headers only', 'HEAD', f'/api/v1/blobs/{"e" * 64}', token=member.token,
             expect=404)

    pdf = make_pdf('Plenum OpenAPI test: the budget for 2027')
    pdf_sha = hashlib.sha256(pdf).hexdigest()
    other = make_pdf('Plenum OpenAPI test: never uploaded')
    other_sha = hashlib.sha256(other).hexdigest()
    octet = 'application/octet-stream'
    api.call('a member uploads a blob', 'PUT', f'/api/v1/blobs/{pdf_sha}', token=member.token, body=pdf,
             content_type=octet, expect=403, expect_code='forbidden')
    api.call('upload under the wrong hash', 'PUT', f'/api/v1/blobs/{other_sha}', token=secretary.token,
             body=pdf, content_type=octet, expect=422, expect_code='hash_mismatch')
    api.call('the blob refused for its hash was not stored', 'GET', f'/api/v1/blobs/{other_sha}',
             token=secretary.token, expect=404)
    api.call('upload a blob', 'PUT', f'/api/v1/blobs/{pdf_sha}', token=secretary.token, body=pdf,
             content_type=octet, expect=201)
    api.call('upload the same blob again', 'PUT', f'/api/v1/blobs/{pdf_sha}', token=secretary.token, body=pdf,
             content_type=octet, expect=200)
    api.call('upload other bytes under a stored name', 'PUT', f'/api/v1/blobs/{pdf_sha}',
             token=secretary.token, body=other, content_type=octet, expect=422, expect_code='hash_mismatch')
    not_pdf = b'Plenum OpenAPI test: these bytes are no PDF.\n'
    not_pdf_sha = hashlib.sha256(not_pdf).hexdigest()
    api.call('upload bytes that are no PDF', 'PUT', f'/api/v1/blobs/{not_pdf_sha}', token=secretary.token,
             body=not_pdf, content_type=octet, expect=(200, 201))
    api.call('upload under a name that is no hash', 'PUT', '/api/v1/blobs/budget.pdf', token=secretary.token,
             body=pdf, content_type=octet, expect=400, expect_code='bad_request', request_valid=False)
    big = b'%PDF-1.4\n' + b'\0' * (MAX_BLOB_MIB * 1024 * 1024)
    api.call(f'upload a blob over the {MAX_BLOB_MIB} MiB limit', 'PUT',
             f'/api/v1/blobs/{hashlib.sha256(big).hexdigest()}', token=secretary.token, body=big,
             content_type=octet, expect=413, expect_code='too_large')
    api.call('a member fetches a blob of no meeting they see', 'GET', f'/api/v1/blobs/{pdf_sha}',
             token=member.token, expect=404, expect_code='not_found')
    ex = api.call('the secretariat fetches the new blob', 'GET', f'/api/v1/blobs/{pdf_sha}',
                  token=secretary.token, expect=200)
    tap.check('the new blob comes back as uploaded', ex.body == pdf)

    # -- publishing a packet ------------------------------------------------------------
    new_id = random_uuid()
    chair = body_members[0]
    manifest = {
        'operation_id': random_uuid(),
        'meeting': {'body_id': body['id'], 'title': 'Phiên họp thử OpenAPI',
                    'starts_at': '2027-01-15T01:30:00Z', 'location': 'Phòng họp số 2', 'chair_id': chair,
                    'vice_chair_id': None},
        'items': [
            {'number': '1', 'title': 'Dự toán ngân sách 2027', 'closed_session': False,
             'documents': [{'title': 'Tờ trình', 'sha256': pdf_sha, 'confidential': False},
                           {'title': 'Báo cáo kèm theo', 'sha256': sha, 'confidential': False}]},
            {'number': '2a', 'title': 'Công tác cán bộ', 'closed_session': True,
             'documents': []},
        ],
    }
    packet = f'/api/v1/meetings/{new_id}/packet'
    api.call('a member publishes a packet', 'PUT', packet, token=member.token, json_body=manifest, expect=403,
             expect_code='forbidden')
    ex = api.call('publish a packet', 'PUT', packet, token=secretary.token, json_body=manifest, expect=200,
                  need=True)
    first = ex.json
    tap.check('the published meeting has the chosen id and packet version 1',
              first['id'] == new_id and first['packet_version'] == 1 and first['body_id'] == body['id'],
              f'id {first["id"]}, version {first["packet_version"]}')
    def outline(items):
        return [(i['number'], i['title'], i['closed_session'],
                 [(d['title'], d['sha256']) for d in i['documents']]) for i in items]
    tap.check('the agenda is the manifest\'s, in order',
              outline(first['agenda']) == outline(manifest['items']),
              json.dumps(first['agenda'], ensure_ascii=False)[:600])
    new_doc = (first['agenda'][0]['documents'] or [{}])[0] if first['agenda'] else {}
    tap.check('the new document has its size and page count',
              new_doc.get('size') == len(pdf) and new_doc.get('pages') == 1, repr(new_doc))
    ex = api.call('the new meeting, for a member', 'GET', f'/api/v1/meetings/{new_id}', token=member.token,
                  expect=200)
    first_etag = ex.header('ETag')
    tap.check('the member sees the published meeting as published',
              ex.json == as_uncleared_member(first),
              json.dumps(ex.json, ensure_ascii=False)[:300])
    if list_etag:
        ex = api.call('meetings, after a publication', 'GET', '/api/v1/meetings', token=member.token,
                      headers={'If-None-Match': list_etag}, expect=200)
        tap.check('the list has a new ETag and the new meeting', ex.header('ETag') != list_etag and
                  new_id in {m['id'] for m in (ex.json or {}).get('meetings', [])}, repr(ex.header('ETag')))
    ex = api.call('publish the same operation again', 'PUT', packet, token=secretary.token,
                  json_body=manifest, expect=200)
    tap.check('the repeated operation returns the stored result', ex.json == first,
              json.dumps(ex.json, ensure_ascii=False)[:300])

    revised = copy.deepcopy(manifest)
    revised['operation_id'] = random_uuid()
    revised['items'][0]['documents'][1]['title'] = 'Báo cáo kèm theo (sửa đổi)'
    ex = api.call('publish a revision', 'PUT', packet, token=secretary.token, json_body=revised, expect=200,
                  need=True)
    second = ex.json
    tap.check('the revision is packet version 2', second['packet_version'] == 2,
              repr(second['packet_version']))
    tap.check('a document keeps its id across versions (same item number and title)',
              second['agenda'][0]['documents'][0]['id'] == first['agenda'][0]['documents'][0]['id'])
    tap.check('a retitled document gets a new id',
              second['agenda'][0]['documents'][1]['id'] != first['agenda'][0]['documents'][1]['id'])
    tap.check('updated_at moved on', second['updated_at'] >= first['updated_at'])
    if first_etag:
        ex = api.call('the revised meeting, asked with the old ETag', 'GET', f'/api/v1/meetings/{new_id}',
                      token=member.token, headers={'If-None-Match': first_etag}, expect=200)
        tap.check('a revision changes the meeting\'s ETag', ex.header('ETag') not in (None, first_etag),
                  repr(ex.header('ETag')))

    missing = copy.deepcopy(revised)
    missing['operation_id'] = random_uuid()
    missing['items'][1]['documents'] = [
        {'title': 'Chưa tải lên', 'sha256': other_sha, 'confidential': True}]
    ex = api.call('publish a packet naming a missing blob', 'PUT', packet, token=secretary.token,
                  json_body=missing, expect=409, expect_code='missing_blob')
    tap.check('the 409 names the missing hash', other_sha in ex.error_message(), repr(ex.error_message()))
    ex = api.call('the meeting after the refused packet', 'GET', f'/api/v1/meetings/{new_id}',
                  token=member.token, expect=200)
    tap.check('the refused packet changed nothing', ex.json == as_uncleared_member(second),
              json.dumps(ex.json, ensure_ascii=False)[:300])
    api.call('a member fetches a blob of a meeting they see', 'GET', f'/api/v1/blobs/{pdf_sha}',
             token=member.token, expect=200)

    bad_manifests = [
        ('an unknown key', dict(revised, operation_id=random_uuid(), draft=True)),
        ('no items', {k: v for k, v in revised.items() if k != 'items'}),
        ('a time without Z', dict(revised, operation_id=random_uuid(),
                                  meeting=dict(revised['meeting'], starts_at='2027-01-15 08:30'))),
        ('an empty title', dict(revised, operation_id=random_uuid(),
                                meeting=dict(revised['meeting'], title=''))),
        ('an empty item number', dict(revised, operation_id=random_uuid(),
                                      items=[dict(revised['items'][0], number='')])),
        ('a hash that is no hash',
         dict(revised, operation_id=random_uuid(),
              items=[dict(revised['items'][0],
                          documents=[{'title': 'x', 'sha256': 'abc', 'confidential': False}])])),
    ]
    for what, body_ in bad_manifests:
        api.call(f'publish a packet with {what}', 'PUT', packet, token=secretary.token, json_body=body_,
                 request_valid=False, expect=400, expect_code='bad_request')

    # Refusals the schema cannot express: the request is valid by the spec, the server
    # refuses it on what it holds.
    def variant(meeting=None, items=None):
        return dict(revised, operation_id=random_uuid(), meeting=dict(revised['meeting'], **(meeting or {})),
                    items=items if items is not None else revised['items'])
    item = revised['items'][0]
    outsider_id = secretary.id      # the secretary is no member of the body
    semantic = [
        ('a body the server does not know', variant({'body_id': random_uuid()})),
        ('a chair who is no member of the body', variant({'chair_id': outsider_id})),
        ('a vice-chair who is the chair', variant({'vice_chair_id': chair})),
        ('two items with one number', variant(items=[item, dict(item, title='Lần nữa')])),
        ('two documents of an item with one title',
         variant(items=[dict(item, documents=[
             item['documents'][0], dict(item['documents'][1], title=item['documents'][0]['title'])])])),
        ('a blob that is no PDF',
         variant(items=[dict(item, documents=[
             {'title': 'Không phải PDF', 'sha256': not_pdf_sha, 'confidential': False}])])),
    ]
    for what, body_ in semantic:
        api.call(f'publish a packet with {what}', 'PUT', packet, token=secretary.token, json_body=body_,
                 expect=400, expect_code='bad_request')
    ex = api.call('the same operation with another request', 'PUT', packet, token=secretary.token,
                  json_body=dict(revised, meeting=dict(revised['meeting'], title='Một tiêu đề khác')),
                  expect=409, expect_code='conflict')
    ex = api.call('the meeting after the refused packets', 'GET', f'/api/v1/meetings/{new_id}',
                  token=member.token, expect=200)
    tap.check('the refused packets changed nothing', ex.json == as_uncleared_member(second),
              json.dumps(ex.json, ensure_ascii=False)[:300])

    api.call('publish to a meeting id that is no UUID', 'PUT', '/api/v1/meetings/not-a-uuid/packet',
             token=secretary.token, json_body=dict(revised, operation_id=random_uuid()),
             request_valid=False, expect=400, expect_code='bad_request')
    api.call('publish a packet over the size limit', 'PUT', packet, token=secretary.token,
             raw_json=json.dumps(dict(revised, operation_id=random_uuid(),
                                      meeting=dict(revised['meeting'], location='x' * MAX_JSON_BYTES))
                                 ).encode(),
             expect=413, expect_code='too_large')

    # -- events -----------------------------------------------------------------------------
    def read_until(stream, done, what):
        """Items of @stream until done(items) holds; a check fails at the deadline."""
        items = []
        deadline = Deadline(EVENT_DEADLINE)
        try:
            while not done(items):
                kind, *rest = stream.next(deadline)
                items.append(('comment', rest[0]) if kind == 'comment' else ('event', rest[1]))
            return items
        except (TimeoutError, OSError, EOFError) as e:
            tap.check(what, False, f'{e!r}; read so far: {items!r}')
            return None

    def events_of(items):
        return [data for kind, data in items if kind == 'event']

    def is_publication(event, version):
        return (isinstance(event, dict) and event.get('type') == 'packet.published' and
                event.get('meeting_id') == new_id and event.get('data', {}).get('packet_version') == version)

    def until_heartbeat(items):
        return bool(items) and items[-1] == ('comment', 'heartbeat')

    stream = api.open_events('events of a member from the start', '?after=0', token=member.token)
    items = read_until(stream, lambda items: any(is_publication(e, 2) for e in events_of(items)),
                       'the member gets the publications of the new meeting')
    stream.close()
    seen = events_of(items or [])
    tap.check('the member got both publications of the new meeting, in order',
              [e['data']['packet_version'] for e in seen if e.get('meeting_id') == new_id] == [1, 2],
              repr(seen))
    tap.check('the replay holds only meetings the member may see',
              all(e.get('meeting_id') in {m['id'] for m in meetings} | {new_id} for e in seen), repr(seen))
    target = next((e for e in seen if is_publication(e, 2)), None)
    if target is None:
        raise Fatal('no packet.published event for the revision')
    latest = target['seq']

    # Streams that end their replay with the heartbeat are opened together, so that they
    # all wait for the same tick.
    replay_streams = [
        ('Last-Event-ID replays the events after it, each once', [target],
         api.open_events('events after a Last-Event-ID', '', token=member.token,
                         headers={'Last-Event-ID': str(latest - 1)})),
        ('Last-Event-ID wins over after', [target],
         api.open_events('events with both Last-Event-ID and after', '?after=0', token=member.token,
                         headers={'Last-Event-ID': str(latest - 1)})),
        ('a number beyond the latest gets one reset to the latest and nothing else', 'reset',
         api.open_events('events beyond the latest', '', token=member.token,
                         headers={'Last-Event-ID': str(latest + 1000)})),
    ]

    def check_replays(streams):
        for what, wanted, stream in streams:
            items = read_until(stream, until_heartbeat, f'{what} (then the heartbeat)')
            stream.close()
            if items is None:
                continue
            events = events_of(items)
            if wanted == 'reset':
                tap.check(what, len(events) == 1 and events[0].get('type') == 'reset' and
                          events[0].get('seq') == latest and events[0].get('meeting_id') is None, repr(items))
            elif wanted and isinstance(wanted[0], int):
                tap.check(what, [e.get('seq') for e in events] == wanted, repr(items))
            else:
                tap.check(what, events == wanted, repr(items))

    check_replays(replay_streams)

    # Live: a stream without a number starts live and gets the next publication as it
    # happens. That publication also pushes the oldest events out of the retention window.
    stream = api.open_events('live events', '', token=member.token)
    third = copy.deepcopy(revised)
    third['operation_id'] = random_uuid()
    third['meeting']['location'] = 'Hội trường lớn'
    api.call('publish a third version', 'PUT', packet, token=secretary.token, json_body=third, expect=200)
    items = read_until(stream, lambda items: any(is_publication(e, 3) for e in events_of(items)),
                       'the live stream gets the new publication')
    stream.close()
    items_live = events_of(items or [])
    tap.check('the live stream replays nothing and gets the new publication once',
              [e['seq'] for e in items_live] == [latest + 1], repr(items))
    latest += 1

    # More versions, until the oldest events fall out of the retention window.
    version = 3
    while latest <= EVENT_RETENTION:
        version += 1
        more = dict(third, operation_id=random_uuid(),
                    meeting=dict(third['meeting'], title=f'Phiên bản {version}'))
        ex = api.call(f'publish version {version}', 'PUT', packet, token=secretary.token, json_body=more,
                      expect=200, need=True)
        latest += 1
    if latest > EVENT_RETENTION:
        oldest_kept = latest - EVENT_RETENTION + 1
        kept = list(range(oldest_kept, latest + 1))    # the member sees every event here
        check_replays([
            (f'too far behind (oldest kept {oldest_kept}): one reset to the latest, no replay', 'reset',
             api.open_events('events from before the oldest kept', '?after=0', token=member.token)),
            (f'just in the window: the kept events {oldest_kept}..{latest}, no reset', kept,
             api.open_events('events from just before the oldest kept', f'?after={oldest_kept - 1}',
                             token=member.token)),
        ])
    else:
        tap.check(f'more events than the retention ({EVENT_RETENTION}) to test a reset', False,
                  f'latest is {latest}')

    api.call('events after a number that is no number', 'GET', '/api/v1/events?after=soon',
             token=member.token, expect=400, expect_code='bad_request', request_valid=False)
    api.call('events after a negative number', 'GET', '/api/v1/events?after=-1', token=member.token,
             expect=400, expect_code='bad_request', request_valid=False)

    # The smallest packet: no location, no vice-chair, no items, in another meeting.
    bare_id = random_uuid()
    bare = {'operation_id': random_uuid(),
            'meeting': {'body_id': body['id'], 'title': 'Họp nhanh', 'starts_at': '2027-02-01T02:00:00Z',
                        'chair_id': chair},
            'items': []}
    ex = api.call('publish the smallest packet', 'PUT', f'/api/v1/meetings/{bare_id}/packet',
                  token=secretary.token, json_body=bare, expect=200)
    tap.check('the smallest packet makes a meeting with no vice-chair and no agenda',
              (ex.json or {}).get('vice_chair_id') is None and (ex.json or {}).get('agenda') == [],
              json.dumps(ex.json, ensure_ascii=False)[:300])

    # -- a password-protected PDF, published with its password ---------------------------
    source_root = (os.environ.get('PLENUM_SOURCE_ROOT') or
                   os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(source_root, 'tests', 'data', 'enc_aes256-R6_userpw-view.pdf'), 'rb') as f:
        secret_pdf = f.read()
    secret_sha = hashlib.sha256(secret_pdf).hexdigest()
    api.call('upload a PDF that needs a password', 'PUT', f'/api/v1/blobs/{secret_sha}',
             token=secretary.token, body=secret_pdf, content_type=octet, expect=(200, 201))
    secret_id = random_uuid()
    secret_packet = f'/api/v1/meetings/{secret_id}/packet'

    def secret_manifest(**document):
        return {'operation_id': random_uuid(),
                'meeting': {'body_id': body['id'], 'title': 'Họp mật', 'starts_at': '2027-02-02T02:00:00Z',
                            'chair_id': chair},
                'items': [{'number': '1', 'title': 'Tài liệu mật', 'closed_session': False,
                           'documents': [dict({'title': 'Có mật khẩu', 'sha256': secret_sha,
                                               'confidential': True}, **document)]}]}
    refusals = [
        ('without its password', secret_manifest(), 'sha256'),
        ('a null password', secret_manifest(password=None), 'sha256'),
        ('a wrong password', secret_manifest(password='not-the-password-7f3a'), 'password'),
    ]
    plain = secret_manifest(password='not-needed-9c1e')
    plain['items'][0]['documents'][0]['sha256'] = pdf_sha
    refusals.append(('a password for a PDF that needs none', plain, 'password'))
    for what, body_, field in refusals:
        ex = api.call(f'publish a protected PDF with {what}', 'PUT', secret_packet, token=secretary.token,
                      json_body=body_, expect=400, expect_code='bad_request')
        message = ((ex.json or {}).get('error') or {}).get('message', '')
        tap.check(f'the refusal of {what} names the field and never the password',
                  f'items[0].documents[0].{field}:' in message and 'not-the-password' not in message
                  and 'not-needed' not in message, message)
    api.call('publish a protected PDF with an empty password', 'PUT', secret_packet, token=secretary.token,
             json_body=secret_manifest(password=''), request_valid=False, expect=400,
             expect_code='bad_request')
    good = secret_manifest(password='view')
    ex = api.call('publish a protected PDF with its password', 'PUT', secret_packet, token=secretary.token,
                  json_body=good, expect=200)
    published = ex.json or {}
    ex = api.call('publish it again under the same operation', 'PUT', secret_packet, token=secretary.token,
                  json_body=good, expect=200)
    tap.check('the repeated operation answers the stored meeting', ex.json == published,
              json.dumps(ex.json, ensure_ascii=False)[:300])
    ex = api.call('a member gets the meeting with the protected PDF', 'GET', f'/api/v1/meetings/{secret_id}',
                  token=member.token, expect=200)
    documents = [d for i in (ex.json or {}).get('agenda', []) for d in i['documents']]
    tap.check('the document carries its password and the pages counted with it',
              len(documents) == 1 and documents[0].get('password') == 'view' and documents[0]['pages'] >= 1,
              json.dumps(documents, ensure_ascii=False)[:300])

    # -- signing out ------------------------------------------------------------------------
    stream = api.open_events('events until sign-out', '', token=member.token)
    api.call('sign out', 'DELETE', '/api/v1/session', token=member.token, expect=204)
    ended = None
    try:
        deadline = Deadline(EVENT_DEADLINE)
        while True:
            stream.next(deadline)
    except EOFError:
        ended = 'ended'
    except (TimeoutError, OSError) as e:
        ended = repr(e)
    finally:
        stream.close()
    tap.check('the event stream ends when its token is signed out', ended == 'ended', ended)
    api.call('the signed-out token', 'GET', '/api/v1/bodies', token=member.token, expect=401,
             expect_code='unauthorized')
    api.call('sign out again', 'DELETE', '/api/v1/session', token=member.token, expect=401,
             expect_code='unauthorized')
    return new_id, version


def run_terminals(spec, tap, api, accounts):
    """Rooms and terminals, readiness, attendance (docs/protocol.md, "Rooms and
    terminals", "Attendance"), on the demo's room and meeting."""
    random_uuid = lambda: str(uuid.uuid4())
    secretary = next(a for a in accounts if a.role == 'secretary')
    members = [a for a in accounts if a.role == 'member' and a.in_body]
    member = members[1] if len(members) > 1 else members[0]

    def sign_in(account, terminal_id):
        ex = api.call(f'sign in as {account.name} on a terminal', 'POST', '/api/v1/session',
                      json_body={'name': account.name, 'pin': account.pin, 'terminal_id': terminal_id},
                      expect=201, need=True)
        return ex.json['token']

    secretary_token = sign_in(secretary, TERMINAL_ID)
    member_token = sign_in(member, TERMINAL_ID)
    ex = api.call('meetings for the terminal scenario', 'GET', '/api/v1/meetings',
                  token=secretary_token, expect=200, need=True)
    meetings = (ex.json or {}).get('meetings', [])
    if not meetings:
        raise Fatal('the demo has no meeting')
    meeting_id = meetings[0]['id']
    room = 'Phòng họp số 1'

    # -- enrolment --------------------------------------------------------------------------
    api.call('enrolment by a member', 'POST', '/api/v1/terminals/enrolments', token=member_token,
             json_body={'room': room, 'name': 'Ghế 05'}, expect=403, expect_code='forbidden')
    api.call('enrolment for an unknown room', 'POST', '/api/v1/terminals/enrolments',
             token=secretary_token, json_body={'room': 'Không có phòng này', 'name': 'Ghế 05'},
             expect=404, expect_code='not_found')
    api.call('enrolment without a name', 'POST', '/api/v1/terminals/enrolments',
             token=secretary_token, json_body={'room': room}, expect=400,
             expect_code='bad_request', request_valid=False)
    api.call('enrolment without a token', 'POST', '/api/v1/terminals/enrolments',
             json_body={'room': room, 'name': 'Ghế 05'}, expect=401, expect_code='unauthorized')
    ex = api.call('enrolment', 'POST', '/api/v1/terminals/enrolments', token=secretary_token,
                  json_body={'room': room, 'name': 'Ghế 05'}, expect=201, need=True)
    code = ex.json['code']
    terminal_id = random_uuid()
    api.call('a code that is not ten digits', 'POST', '/api/v1/terminals',
             json_body={'code': '12', 'terminal_id': terminal_id}, expect=400, expect_code='bad_request')
    api.call('a wrong code', 'POST', '/api/v1/terminals',
             json_body={'code': '00000-00000', 'terminal_id': terminal_id}, expect=400,
             expect_code='enrolment_invalid')
    ex = api.call('redeem the code', 'POST', '/api/v1/terminals',
                  json_body={'code': code, 'terminal_id': terminal_id}, expect=201, need=True)
    credential = ex.json['credential']
    api.call('redeem the code again', 'POST', '/api/v1/terminals',
             json_body={'code': code, 'terminal_id': random_uuid()}, expect=400,
             expect_code='enrolment_invalid')
    terminal = {'Authorization': f'Terminal {credential}'}

    # -- the terminal's credential ----------------------------------------------------------
    ex = api.call('meetings with the terminal credential', 'GET', '/api/v1/meetings', headers=terminal,
                  expect=200)
    tap.check('the terminal sees the demo meeting',
              meeting_id in [m.get('id') for m in (ex.json or {}).get('meetings', [])],
              json.dumps(ex.json, ensure_ascii=False)[:300])
    ex = api.call('a meeting with the terminal credential', 'GET', f'/api/v1/meetings/{meeting_id}',
                  headers=terminal, expect=200, need=True)
    blobs = [d['sha256'] for item in ex.json.get('agenda', []) for d in item.get('documents', [])]
    if blobs:
        api.call('a blob with the terminal credential', 'GET', f'/api/v1/blobs/{blobs[0]}',
                 headers=terminal, expect=200)
        api.call('a blob with the terminal credential', 'HEAD', f'/api/v1/blobs/{blobs[0]}',
                 headers=terminal, expect=200)
    api.call('bodies with the terminal credential', 'GET', '/api/v1/bodies', headers=terminal,
             expect=403, expect_code='forbidden')
    api.call('sign out with the terminal credential', 'DELETE', '/api/v1/session', headers=terminal,
             expect=403, expect_code='forbidden')
    api.call('change a PIN with the terminal credential', 'PUT', '/api/v1/session/pin',
             headers=terminal, json_body={'current_pin': member.pin, 'new_pin': '24681357'},
             expect=403, expect_code='forbidden')
    api.call('set a PIN with the terminal credential', 'PUT', f'/api/v1/accounts/{member.name}/pin',
             headers=terminal, json_body={'pin': '24681357'}, expect=403, expect_code='forbidden')
    api.call('unlock with the terminal credential', 'POST', f'/api/v1/accounts/{member.name}/unlock',
             headers=terminal, json_body={}, expect=403, expect_code='forbidden')
    api.call('an unknown terminal credential', 'GET', '/api/v1/meetings',
             headers={'Authorization': 'Terminal ' + '0' * 64}, expect=401, expect_code='unauthorized')

    # -- readiness --------------------------------------------------------------------------
    report = {'reported_at': '2026-11-27T18:00:00Z',
              'meetings': [{'meeting_id': meeting_id, 'packet_version': 1, 'documents_total': 3,
                            'documents_done': 1, 'bytes_total': 3000, 'bytes_done': 1000}]}
    api.call('readiness report', 'PUT', f'/api/v1/terminals/{terminal_id}/status', headers=terminal,
             json_body=report, expect=204)
    bad = copy.deepcopy(report)
    bad['meetings'][0]['bytes_done'] = -1
    api.call('readiness report with a negative count', 'PUT', f'/api/v1/terminals/{terminal_id}/status',
             headers=terminal, json_body=bad, expect=400, expect_code='bad_request', request_valid=False)
    api.call('readiness report for another terminal', 'PUT', f'/api/v1/terminals/{TERMINAL_ID}/status',
             headers=terminal, json_body=report, expect=403, expect_code='forbidden')
    api.call('readiness report by a member of another terminal', 'PUT',
             f'/api/v1/terminals/{terminal_id}/status', token=member_token, json_body=report,
             expect=403, expect_code='forbidden')
    api.call('readiness report for an unknown terminal', 'PUT', f'/api/v1/terminals/{random_uuid()}/status',
             token=secretary_token, json_body=report, expect=404, expect_code='not_found')
    api.call('readiness report without a credential', 'PUT', f'/api/v1/terminals/{terminal_id}/status',
             json_body=report, expect=401, expect_code='unauthorized')
    ex = api.call('terminals', 'GET', '/api/v1/terminals', token=secretary_token, expect=200)
    listed = [t for t in (ex.json or {}).get('terminals', []) if t.get('id') == terminal_id]
    tap.check('the terminal is listed with its report',
              len(listed) == 1 and (listed[0].get('status') or {}).get('meetings') == report['meetings'],
              json.dumps(listed, ensure_ascii=False)[:400])
    api.call('terminals by a member', 'GET', '/api/v1/terminals', token=member_token, expect=403,
             expect_code='forbidden')
    api.call('terminals without a token', 'GET', '/api/v1/terminals', expect=401,
             expect_code='unauthorized')

    # -- attendance -------------------------------------------------------------------------
    stream = api.open_events('events for attendance', '', token=member_token)
    operation = random_uuid()
    path = f'/api/v1/meetings/{meeting_id}/attendance'
    first = api.call('check in', 'POST', path, token=member_token,
                     json_body={'operation_id': operation, 'present': True}, expect=200)
    again = api.call('the same check-in again', 'POST', path, token=member_token,
                     json_body={'operation_id': operation, 'present': True}, expect=200)
    tap.check('a replayed operation gets the stored answer', again.body == first.body,
              f'{first.body!r} / {again.body!r}')
    api.call('the same operation id with another body', 'POST', path, token=member_token,
             json_body={'operation_id': operation, 'present': False}, expect=409, expect_code='conflict')
    api.call('check in without an operation id', 'POST', path, token=member_token,
             json_body={'present': True}, expect=400, expect_code='bad_request', request_valid=False)
    api.call('check in by the secretariat', 'POST', path, token=secretary_token,
             json_body={'operation_id': random_uuid(), 'present': True}, expect=403,
             expect_code='forbidden')
    api.call('check in to an unknown meeting', 'POST', f'/api/v1/meetings/{random_uuid()}/attendance',
             token=member_token, json_body={'operation_id': random_uuid(), 'present': True},
             expect=404, expect_code='not_found')
    api.call('check in without a token', 'POST', path,
             json_body={'operation_id': random_uuid(), 'present': True}, expect=401,
             expect_code='unauthorized')
    deadline = Deadline(EVENT_DEADLINE)
    seen = None
    try:
        while seen is None:
            item = stream.next(deadline)
            if item[0] == 'event' and isinstance(item[2], dict) and item[2].get('type') == 'attendance.changed':
                seen = item[2]
    except (TimeoutError, OSError, EOFError) as e:
        seen = repr(e)
    finally:
        stream.close()
    tap.check('the check-in arrives as attendance.changed on a member\'s stream',
              isinstance(seen, dict) and seen.get('meeting_id') == meeting_id, repr(seen))
    ex = api.call('attendance', 'GET', path, token=member_token, expect=200)
    tap.check('one check-in is listed', len((ex.json or {}).get('attendance', [])) == 1,
              json.dumps(ex.json, ensure_ascii=False)[:300])
    api.call('attendance with the terminal credential', 'GET', path, headers=terminal, expect=200)
    api.call('attendance of an unknown meeting', 'GET', f'/api/v1/meetings/{random_uuid()}/attendance',
             token=member_token, expect=404, expect_code='not_found')
    api.call('attendance without a token', 'GET', path, expect=401, expect_code='unauthorized')

    # -- meeting status ---------------------------------------------------------------------
    status_path = f'/api/v1/meetings/{meeting_id}/status'
    api.call('meeting status by a member', 'PUT', status_path, token=member_token,
             json_body={'status': 'closed'}, expect=403, expect_code='forbidden')
    api.call('an unknown meeting status', 'PUT', status_path, token=secretary_token,
             json_body={'status': 'over'}, expect=400, expect_code='bad_request', request_valid=False)
    api.call('status of an unknown meeting', 'PUT', f'/api/v1/meetings/{random_uuid()}/status',
             token=secretary_token, json_body={'status': 'closed'}, expect=404, expect_code='not_found')
    api.call('meeting status without a token', 'PUT', status_path, json_body={'status': 'closed'},
             expect=401, expect_code='unauthorized')
    api.call('close the meeting', 'PUT', status_path, token=secretary_token,
             json_body={'status': 'closed'}, expect=204)
    api.call('check in to a closed meeting', 'POST', path, token=member_token,
             json_body={'operation_id': random_uuid(), 'present': True}, expect=409,
             expect_code='meeting_closed')
    api.call('reopen the meeting', 'PUT', status_path, token=secretary_token,
             json_body={'status': 'scheduled'}, expect=204)

    # -- revocation -------------------------------------------------------------------------
    api.call('revocation by a member', 'DELETE', f'/api/v1/terminals/{terminal_id}', token=member_token,
             expect=403, expect_code='forbidden')
    api.call('revoke an unknown terminal', 'DELETE', f'/api/v1/terminals/{random_uuid()}',
             token=secretary_token, expect=404, expect_code='not_found')
    api.call('revocation without a token', 'DELETE', f'/api/v1/terminals/{terminal_id}',
             expect=401, expect_code='unauthorized')
    stream = api.open_events('events until revocation', '', token=None, headers=terminal)
    api.call('revoke the terminal', 'DELETE', f'/api/v1/terminals/{terminal_id}', token=secretary_token,
             expect=204)
    ended = None
    try:
        deadline = Deadline(EVENT_DEADLINE)
        while True:
            stream.next(deadline)
    except EOFError:
        ended = 'ended'
    except (TimeoutError, OSError) as e:
        ended = repr(e)
    finally:
        stream.close()
    tap.check('the terminal\'s event stream ends when it is revoked', ended == 'ended', ended)
    api.call('the revoked credential', 'GET', '/api/v1/meetings', headers=terminal, expect=401,
             expect_code='terminal_revoked')


def as_uncleared_member(meeting):
    """The Meeting as a member who is not cleared for its closed-session items sees it
    (docs/protocol.md, "Closed sessions"): those items restricted, without documents."""
    seen = copy.deepcopy(meeting)
    for item in seen.get('agenda', []):
        if item.get('closed_session'):
            item['restricted'] = True
            item['documents'] = []
    return seen


def run_revisions(spec, tap, api, accounts):
    """Revising, retracting and retiring a document, base_packet_version, wiping a
    terminal, leases (docs/protocol.md, "Revisions and retraction", "Wiping a terminal",
    "Leases"), on the demo's meeting and room."""
    random_uuid = lambda: str(uuid.uuid4())
    secretary = next(a for a in accounts if a.role == 'secretary')
    member = next(a for a in accounts if a.role == 'member' and a.in_body)

    def sign_in(account, terminal_id):
        ex = api.call(f'sign in as {account.name} for the revisions', 'POST', '/api/v1/session',
                      json_body={'name': account.name, 'pin': account.pin, 'terminal_id': terminal_id},
                      expect=201, need=True)
        return ex.json['token']

    secretary_token = sign_in(secretary, random_uuid())
    member_token = sign_in(member, random_uuid())

    # -- a meeting of our own, so that the others' scenarios keep the demo's --------------
    ex = api.call('bodies for the revisions', 'GET', '/api/v1/bodies', token=secretary_token,
                  expect=200, need=True)
    body = next(b for b in ex.json['bodies'] if any(m.get('name') == member.name for m in b['members']))
    body_id = body['id']
    tap.check('a body lists its lease, 7 days by default', body.get('lease_seconds') == 604800,
              json.dumps(body, ensure_ascii=False)[:300])
    first, second, third = (make_pdf(f'Plenum OpenAPI test: revision {n}') for n in (1, 2, 3))
    shas = [hashlib.sha256(pdf).hexdigest() for pdf in (first, second, third)]
    for pdf, sha in zip((first, second, third), shas):
        api.call('upload a blob for the revisions', 'PUT', f'/api/v1/blobs/{sha}',
                 token=secretary_token, body=pdf, content_type='application/pdf',
                 expect={200, 201})
    meeting_id = random_uuid()
    packet_path = f'/api/v1/meetings/{meeting_id}/packet'

    def manifest(base, sha):
        packet = {'operation_id': random_uuid(),
                  'meeting': {'body_id': body_id, 'title': 'Sửa đổi tài liệu',
                              'starts_at': '2027-01-05T01:00:00Z', 'chair_id': member.id
                              if member.id else body['members'][0]['id']},
                  'items': [{'number': '1', 'title': 'Báo cáo', 'closed_session': False,
                             'documents': [{'title': 'Báo cáo', 'sha256': sha, 'confidential': True},
                                           {'title': 'Phụ lục', 'sha256': shas[2],
                                            'confidential': False}]}]}
        if base is not None:
            packet['base_packet_version'] = base
        return packet

    api.call('a new meeting with a stale base version', 'PUT', packet_path, token=secretary_token,
             json_body=manifest(1, shas[0]), expect=409, expect_code='conflict')
    ex = api.call('a new meeting on base version 0', 'PUT', packet_path, token=secretary_token,
                  json_body=manifest(0, shas[0]), expect=200, need=True)
    report_id, annex_id = (d['id'] for d in ex.json['agenda'][0]['documents'])
    tap.check('a meeting lists its body\'s lease', ex.json.get('lease_seconds') == 604800)

    # -- revise ---------------------------------------------------------------------------
    revise_path = f'/api/v1/meetings/{meeting_id}/documents/{report_id}'
    revision = {'operation_id': random_uuid(), 'sha256': shas[1]}
    api.call('a member revises', 'PUT', revise_path, token=member_token, json_body=revision,
             expect=403, expect_code='forbidden')
    api.call('revise with a blob the server lacks', 'PUT', revise_path, token=secretary_token,
             json_body={'operation_id': random_uuid(), 'sha256': 'e' * 64}, expect=409,
             expect_code='missing_blob')
    api.call('revise with an unknown key', 'PUT', revise_path, token=secretary_token,
             json_body={'operation_id': random_uuid(), 'sha256': shas[1], 'title': 'x'},
             expect=400, expect_code='bad_request', request_valid=False)
    api.call('revise an unknown document', 'PUT',
             f'/api/v1/meetings/{meeting_id}/documents/{random_uuid()}', token=secretary_token,
             json_body={'operation_id': random_uuid(), 'sha256': shas[1]}, expect=404,
             expect_code='not_found')
    ex = api.call('revise a document', 'PUT', revise_path, token=secretary_token,
                  json_body=revision, expect=200, need=True)
    document = ex.json['agenda'][0]['documents'][0]
    tap.check('the revision keeps the id and lists the earlier version',
              document['id'] == report_id and document['sha256'] == shas[1]
              and [v['sha256'] for v in document['superseded']] == [shas[0]],
              json.dumps(document)[:400])
    ex = api.call('the same revision again', 'PUT', revise_path, token=secretary_token,
                  json_body=revision, expect=200)
    tap.check('a repeated revision is answered once', (ex.json or {}).get('packet_version') == 2)
    api.call('a superseded blob, as a member', 'GET', f'/api/v1/blobs/{shas[0]}', token=member_token,
             expect=200)
    api.call('a packet on a stale base version', 'PUT', packet_path, token=secretary_token,
             json_body=manifest(1, shas[0]), expect=409, expect_code='conflict')

    # -- retire, retract --------------------------------------------------------------------
    retire_path = f'{revise_path}/retire'
    ex = api.call('retire the earlier versions', 'POST', retire_path, token=secretary_token,
                  json_body={'operation_id': random_uuid()}, expect=200, need=True)
    tap.check('retired: no earlier version is listed',
              ex.json['agenda'][0]['documents'][0]['superseded'] == [])
    api.call('a retired blob, as a member', 'GET', f'/api/v1/blobs/{shas[0]}', token=member_token,
             expect=404, expect_code='not_found')
    api.call('retire by a member', 'POST', retire_path, token=member_token,
             json_body={'operation_id': random_uuid()}, expect=403, expect_code='forbidden')
    api.call('retire without an operation id', 'POST', retire_path, token=secretary_token,
             json_body={}, expect=400, expect_code='bad_request', request_valid=False)
    retract_path = f'/api/v1/meetings/{meeting_id}/documents/{annex_id}/retract'
    api.call('retract by a member', 'POST', retract_path, token=member_token,
             json_body={'operation_id': random_uuid()}, expect=403, expect_code='forbidden')
    ex = api.call('retract a document', 'POST', retract_path, token=secretary_token,
                  json_body={'operation_id': random_uuid()}, expect=200, need=True)
    tap.check('retracted: the document is gone',
              [d['id'] for d in ex.json['agenda'][0]['documents']] == [report_id])
    api.call('retract it again (another operation)', 'POST', retract_path, token=secretary_token,
             json_body={'operation_id': random_uuid()}, expect=404, expect_code='not_found')
    api.call('retire under the revision\'s operation id', 'POST', retire_path,
             token=secretary_token, json_body={'operation_id': revision['operation_id']},
             expect=409, expect_code='conflict')

    # -- leases -----------------------------------------------------------------------------
    lease_path = f'/api/v1/bodies/{body_id}/lease'
    api.call('a lease under a minute', 'PUT', lease_path, token=secretary_token,
             json_body={'lease_seconds': 59}, expect=400, expect_code='bad_request', request_valid=False)
    api.call('a lease over a year', 'PUT', lease_path, token=secretary_token,
             json_body={'lease_seconds': 31536001}, expect=400, expect_code='bad_request',
             request_valid=False)
    api.call('a lease by a member', 'PUT', lease_path, token=member_token,
             json_body={'lease_seconds': 3600}, expect=403, expect_code='forbidden')
    api.call('a lease of an unknown body', 'PUT', f'/api/v1/bodies/{random_uuid()}/lease',
             token=secretary_token, json_body={'lease_seconds': 3600}, expect=404,
             expect_code='not_found')
    ex = api.call('set a lease', 'PUT', lease_path, token=secretary_token,
                  json_body={'lease_seconds': 3600}, expect=200, need=True)
    tap.check('the body answers its new lease', ex.json.get('lease_seconds') == 3600)
    ex = api.call('meetings with the lease', 'GET', '/api/v1/meetings', token=member_token, expect=200)
    tap.check('the body\'s meetings list the new lease',
              all(m['lease_seconds'] == 3600 for m in (ex.json or {}).get('meetings', [])
                  if m['body_id'] == body_id))
    api.call('set the lease back', 'PUT', lease_path, token=secretary_token,
             json_body={'lease_seconds': 604800}, expect=200)

    # -- wiping a terminal ----------------------------------------------------------------
    ex = api.call('enrolment of a terminal to wipe', 'POST', '/api/v1/terminals/enrolments',
                  token=secretary_token, json_body={'room': 'Phòng họp số 1', 'name': 'Ghế 41'},
                  expect=201, need=True)
    terminal_id = random_uuid()
    ex = api.call('redeem the code of the terminal to wipe', 'POST', '/api/v1/terminals',
                  json_body={'code': ex.json['code'], 'terminal_id': terminal_id}, expect=201,
                  need=True)
    terminal = {'Authorization': f'Terminal {ex.json["credential"]}'}
    seated = sign_in(member, terminal_id)
    wipe_path = f'/api/v1/terminals/{terminal_id}/wipe'
    wiped_path = f'/api/v1/terminals/{terminal_id}/wiped'
    api.call('confirm a wipe nobody asked for', 'POST', wiped_path, headers=terminal,
             json_body={}, expect=409, expect_code='conflict')
    api.call('confirm another terminal\'s wipe', 'POST', f'/api/v1/terminals/{random_uuid()}/wiped',
             headers=terminal, json_body={}, expect=403, expect_code='forbidden')
    api.call('a wipe by a member', 'POST', wipe_path, token=member_token, json_body={},
             expect=403, expect_code='forbidden')
    api.call('a wipe of an unknown terminal', 'POST', f'/api/v1/terminals/{random_uuid()}/wipe',
             token=secretary_token, json_body={}, expect=404, expect_code='not_found')
    api.call('a wipe with a body', 'POST', wipe_path, token=secretary_token,
             json_body={'now': True}, expect=400, expect_code='bad_request', request_valid=False)
    api.call('wipe a terminal', 'POST', wipe_path, token=secretary_token, json_body={}, expect=202)
    api.call('the credential of a terminal to wipe', 'GET', '/api/v1/meetings', headers=terminal,
             expect=401, expect_code='terminal_wipe')
    api.call('a member token given there', 'GET', '/api/v1/meetings', token=seated,
             expect=401, expect_code='terminal_wipe')
    ex = api.call('terminals with a wipe asked for', 'GET', '/api/v1/terminals', token=secretary_token,
                  expect=200)
    listed = next((t for t in (ex.json or {}).get('terminals', []) if t['id'] == terminal_id), {})
    tap.check('the list shows the wipe asked for', (listed.get('wipe') or {}).get('wiped_at', 1) is None,
              json.dumps(listed)[:300])
    api.call('the terminal confirms the wipe', 'POST', wiped_path, headers=terminal, expect=204)
    api.call('the wiped credential', 'GET', '/api/v1/meetings', headers=terminal, expect=401,
             expect_code='terminal_revoked')
    api.call('a wipe of a revoked terminal', 'POST', wipe_path, token=secretary_token, json_body={},
             expect=409, expect_code='conflict')


def run_expiry(spec, tap, api, accounts, new_meeting, version):
    """The second run, on the same data with a short token lifetime: the data outlived the
    restart, and an expired token is told apart from an unknown one. The event stream ends
    when its token expires, which is what the test waits on."""
    member = next(a for a in accounts if a.role == 'member' and a.in_body)
    secretary = next(a for a in accounts if a.role == 'secretary')
    ex = api.call('the old token after a restart', 'GET', '/api/v1/bodies', token=secretary.token, expect=200)
    ex = api.call('the published meeting after a restart', 'GET', f'/api/v1/meetings/{new_meeting}',
                  token=secretary.token, expect=200)
    tap.check(f'the meeting outlived the restart at packet version {version}',
              (ex.json or {}).get('packet_version') == version,
              repr((ex.json or {}).get('packet_version')))
    ex = api.call(f'sign in with a token lifetime of {TOKEN_LIFETIME} s', 'POST', '/api/v1/session',
                  json_body={'name': member.name, 'pin': member.pin, 'terminal_id': TERMINAL_ID},
                  expect=201, need=True)
    token = ex.json['token']
    stream = api.open_events('events until the token expires', '', token=token)
    deadline = Deadline(TOKEN_LIFETIME + EVENT_DEADLINE)
    ended = None
    try:
        while True:
            stream.next(deadline)
    except EOFError:
        ended = 'ended'
    except (TimeoutError, OSError) as e:
        ended = repr(e)
    finally:
        stream.close()
    tap.check('the event stream ends when its token expires', ended == 'ended', ended)
    api.call('an expired token', 'GET', '/api/v1/bodies', token=token, expect=401,
             expect_code='token_expired')
    api.call('sign out with an expired token', 'DELETE', '/api/v1/session', token=token, expect=401,
             expect_code='token_expired')


def coverage(spec, tap):
    problems = []
    n_operations = 0
    n_documented = 0
    n_seen = 0
    for template, item in spec.document['paths'].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            n_operations += 1
            documented = set(operation.get('responses', {}))
            seen = spec.exercised.get((template, method), set())
            n_documented += len(documented)
            n_seen += len(documented & seen)
            if not seen:
                problems.append(f'{method.upper()} {template} ({operation.get("operationId")}) '
                                'was never exercised')
            else:
                untested = sorted(documented - seen)
                tap.note(f'{method.upper()} {template}: answered {", ".join(sorted(seen))}'
                         + (f'; documented but not provoked: {", ".join(untested)}' if untested else ''))
    tap.note(f'{n_operations} operations; {n_seen} of {n_documented} documented responses seen, '
             f'plus the unrouted answers {", ".join(sorted(spec.unrouted_seen))}')
    tap.result(f'every operation of the spec was exercised ({n_operations - len(problems)}/{n_operations})',
               problems)


def run_annotations(spec, tap, api, accounts):
    """Annotations (docs/protocol.md, "Annotations"): writing with revisions and
    conflicts, idempotent replays, deleting, who sees what in the feed, and the event."""
    random_uuid = lambda: str(uuid.uuid4())
    members = [a for a in accounts if a.role == 'member' and a.in_body]
    secretary = next(a for a in accounts if a.role == 'secretary')
    tokens, ids = {}, {}

    def sign_in(account):
        ex = api.call(f'sign in as {account.name} for annotations', 'POST', '/api/v1/session',
                      json_body={'name': account.name, 'pin': account.pin, 'terminal_id': TERMINAL_ID},
                      expect=201, need=True)
        tokens[account.name] = ex.json['token']
        ids[account.name] = ex.json['account']['id']
        return ex.json['token']

    ex = api.call('meetings for annotations', 'GET', '/api/v1/meetings',
                  token=sign_in(secretary), expect=200, need=True)
    meeting_id = ex.json['meetings'][0]['id']
    ex = api.call('the meeting for annotations', 'GET', f'/api/v1/meetings/{meeting_id}',
                  token=tokens[secretary.name], expect=200, need=True)
    meeting = ex.json
    document = next(d for item in meeting['agenda'] for d in item['documents'])
    chair = next(a for a in members if sign_in(a) and ids[a.name] == meeting['chair_id'])
    author = next(a for a in members if a is not chair)
    other = next(a for a in members if a is not chair and a is not author)
    sign_in(author)
    sign_in(other)
    feed = f'/api/v1/meetings/{meeting_id}/annotations'

    def annotation(kind='ink', visibility='meeting', **extra):
        body = {'id': random_uuid(), 'document_id': document['id'],
                'document_sha256': document['sha256'], 'author_id': ids[author.name],
                'revision': 0, 'kind': kind, 'visibility': visibility, 'page': 0,
                'color': '#1c359e', 'width': 1.5, 'conflict_of': None,
                'created_at': '2026-11-27T18:00:00Z', 'updated_at': '2026-11-27T18:00:00Z'}
        if kind == 'ink':
            body['strokes'] = [[72, 100, 1, 80.5, 104.25, 0.5]]
        elif kind == 'note':
            body['position'] = [500, 40]
            body['text'] = 'Hỏi về số liệu này'
        body.update(extra)
        return body

    def put(label, a, base=0, token=None, operation=None, expect=200, **kw):
        return api.call(label, 'PUT', f'/api/v1/annotations/{a["id"]}',
                        token=token or tokens[author.name],
                        json_body={'operation_id': operation or random_uuid(),
                                   'base_revision': base, 'annotation': a},
                        expect=expect, **kw)

    def ids_in(token, since=0):
        ex = api.call('the annotation feed', 'GET', f'{feed}?since={since}', token=token, expect=200)
        return {x['id']: x for x in (ex.json or {}).get('annotations', [])}

    stream = api.open_events('events for annotations', '', token=tokens[other.name])
    shared = annotation()
    operation = random_uuid()
    first = put('create an annotation', shared, operation=operation)
    revision = (first.json or {}).get('revision', 0)
    tap.check('a new annotation gets a revision', revision >= 1, first.body[:200])
    again = put('the same creation again', shared, operation=operation)
    tap.check('a replayed annotation write gets the stored answer', again.body == first.body,
              f'{first.body!r} / {again.body!r}')
    stale = put('an edit on a stale revision', dict(shared, width=3), base=0, expect=409,
                expect_code='conflict')
    tap.check('a conflict carries the server\'s annotation',
              (stale.json or {}).get('annotation', {}).get('revision') == revision,
              stale.body[:300])
    edited = put('an edit on the current revision', dict(shared, width=3), base=revision)
    revision = (edited.json or {}).get('revision', 0)
    put('an annotation of someone else', annotation(author_id=ids[other.name]), expect=403,
        expect_code='forbidden')
    api.call('an annotation whose id is not the path', 'PUT', f'/api/v1/annotations/{random_uuid()}',
             token=tokens[author.name],
             json_body={'operation_id': random_uuid(), 'base_revision': 0, 'annotation': annotation()},
             expect=400, expect_code='bad_request')
    put('an annotation on an unknown document', annotation(document_id=random_uuid()), expect=404,
        expect_code='not_found')
    put('an annotation with a bad colour', annotation(color='blue'), expect=400,
        expect_code='bad_request', request_valid=False)
    put('an edit of the author\'s annotation by another member', dict(shared, author_id=ids[other.name]),
        base=revision, token=tokens[other.name], expect=404, expect_code='not_found')
    api.call('an annotation without a token', 'PUT', f'/api/v1/annotations/{shared["id"]}',
             json_body={'operation_id': random_uuid(), 'base_revision': revision, 'annotation': shared},
             expect=401, expect_code='unauthorized')

    private = annotation(kind='note', visibility='private')
    put('a private note', private)
    for_chair = annotation(visibility='chair')
    put('a note for the chair', for_chair)
    seen = ids_in(tokens[other.name])
    tap.check('another member sees the shared annotation, not the private one or the chair\'s',
              shared['id'] in seen and private['id'] not in seen and for_chair['id'] not in seen,
              repr(sorted(seen)))
    seen = ids_in(tokens[chair.name])
    tap.check('the chair sees the shared one and the one for the chair',
              shared['id'] in seen and for_chair['id'] in seen and private['id'] not in seen,
              repr(sorted(seen)))
    seen = ids_in(tokens[author.name])
    tap.check('the author sees all three', {shared['id'], private['id'], for_chair['id']} <= set(seen),
              repr(sorted(seen)))

    # Made private again: those who saw it get a tombstone without its content.
    note = annotation(kind='note')
    ex = put('a shared note', note)
    note_revision = (ex.json or {}).get('revision', 0)
    tap.check('the other member sees the shared note', note['id'] in ids_in(tokens[other.name]),
              '')
    put('the note made private', dict(note, visibility='private'), base=note_revision)
    seen = ids_in(tokens[other.name], since=note_revision)
    tap.check('a note made private reaches the other member as a tombstone without its text',
              seen.get(note['id'], {}).get('deleted') is True and 'text' not in seen.get(note['id'], {}),
              repr(seen)[:300])

    # Terminals never read or write annotations.
    ex = api.call('enrolment for the annotations check', 'POST', '/api/v1/terminals/enrolments',
                  token=tokens[secretary.name], json_body={'room': 'Phòng họp số 1', 'name': 'Ghế 09'},
                  expect=201, need=True)
    ex = api.call('redeem it', 'POST', '/api/v1/terminals',
                  json_body={'code': ex.json['code'], 'terminal_id': random_uuid()}, expect=201,
                  need=True)
    terminal = {'Authorization': f'Terminal {ex.json["credential"]}'}
    api.call('the feed with a terminal credential', 'GET', feed, headers=terminal, expect=403,
             expect_code='forbidden')
    api.call('an annotation with a terminal credential', 'PUT', f'/api/v1/annotations/{note["id"]}',
             headers=terminal,
             json_body={'operation_id': random_uuid(), 'base_revision': 0, 'annotation': note},
             expect=403, expect_code='forbidden')

    ex = api.call('delete the shared annotation', 'DELETE', f'/api/v1/annotations/{shared["id"]}',
                  token=tokens[author.name],
                  json_body={'operation_id': random_uuid(), 'base_revision': revision}, expect=200)
    tombstone = ex.json or {}
    tap.check('a deletion answers a tombstone without content',
              tombstone.get('deleted') is True and 'strokes' not in tombstone, ex.body[:300])
    api.call('delete it again with a stale revision', 'DELETE', f'/api/v1/annotations/{shared["id"]}',
             token=tokens[author.name],
             json_body={'operation_id': random_uuid(), 'base_revision': revision}, expect=409,
             expect_code='conflict')
    api.call('delete an unknown annotation', 'DELETE', f'/api/v1/annotations/{random_uuid()}',
             token=tokens[author.name], json_body={'operation_id': random_uuid(), 'base_revision': 0},
             expect=404, expect_code='not_found')
    seen = ids_in(tokens[other.name], since=revision)
    tap.check('the deletion reaches the other member as a tombstone',
              seen.get(shared['id'], {}).get('deleted') is True, repr(seen)[:300])
    api.call('the feed with a bad revision', 'GET', f'{feed}?since=x', token=tokens[other.name],
             expect=400, expect_code='bad_request', request_valid=False)
    api.call('the feed of an unknown meeting', 'GET', f'/api/v1/meetings/{random_uuid()}/annotations',
             token=tokens[other.name], expect=404, expect_code='not_found')
    api.call('the feed without a token', 'GET', feed, expect=401, expect_code='unauthorized')
    api.call('the feed for the secretariat', 'GET', feed, token=tokens[secretary.name], expect=200)

    deadline = Deadline(EVENT_DEADLINE)
    event = None
    try:
        while event is None:
            item = stream.next(deadline)
            if item[0] == 'event' and isinstance(item[2], dict) and item[2].get('type') == 'annotations.changed':
                event = item[2]
    except (TimeoutError, OSError, EOFError) as e:
        event = repr(e)
    finally:
        stream.close()
    tap.check('a change arrives as annotations.changed on another member\'s stream',
              isinstance(event, dict) and event.get('meeting_id') == meeting_id, repr(event))


def run_votes(spec, tap, api, accounts):
    """Votes (docs/protocol.md, "Votes"): the chair opens, closes, annuls and enters a show
    of hands; members vote once (or replace where allowed), open and secret; quorum and
    conflicts of interest; every answer and every vote event checked against the spec."""
    random_uuid = lambda: str(uuid.uuid4())
    members = [a for a in accounts if a.role == 'member' and a.in_body]
    secretary = next(a for a in accounts if a.role == 'secretary')
    outsider_names = {a.name for a in accounts if a.role == 'member' and not a.in_body}
    tokens, ids = {}, {}

    def sign_in(account):
        # The first scenario locks one member out with wrong PINs: that one sits this out.
        ex = api.call(f'sign in as {account.name} for votes', 'POST', '/api/v1/session',
                      json_body={'name': account.name, 'pin': account.pin, 'terminal_id': TERMINAL_ID},
                      expect={201, 429})
        if ex.status == 201:
            tokens[account.name] = ex.json['token']
            ids[account.name] = ex.json['account']['id']

    body_size = len(members)
    for account in members + [secretary]:
        sign_in(account)
    if secretary.name not in tokens:
        raise Fatal('the secretariat could not sign in for votes')
    members = [a for a in members if a.name in tokens]
    ex = api.call('meetings for votes', 'GET', '/api/v1/meetings', token=tokens[secretary.name],
                  expect=200, need=True)
    chair = meeting = None
    for summary in ex.json['meetings']:
        m = api.call('a meeting for votes', 'GET', f'/api/v1/meetings/{summary["id"]}',
                     token=tokens[secretary.name], expect=200, need=True).json
        found = next((a for a in members if ids[a.name] == m['chair_id']), None)
        if found is not None and m['status'] != 'closed' and len(m['agenda']) >= 2:
            chair, meeting = found, m
            break
    if meeting is None:
        raise Fatal('no open meeting chaired by a demo member')
    meeting_id = meeting['id']
    item, other_item = meeting['agenda'][0]['id'], meeting['agenda'][1]['id']
    voters = [a for a in members if a is not chair]
    votes = f'/api/v1/meetings/{meeting_id}/votes'
    chair_token = tokens[chair.name]

    def attend(account, present):
        api.call(f'{"check in" if present else "check out"} {account.name}', 'POST',
                 f'/api/v1/meetings/{meeting_id}/attendance', token=tokens[account.name],
                 json_body={'operation_id': random_uuid(), 'present': present}, expect=200)

    def open_vote(label, token=None, expect=201, code=None, on=None, request_valid=None, **fields):
        body = {'operation_id': random_uuid(), 'item_id': on or item, 'title': 'Thông qua Nghị quyết',
                'kind': 'open', 'majority': 'present', 'quorum_required': True, 'changeable': False}
        body.update(fields)
        return api.call(label, 'POST', votes, token=token or chair_token, json_body=body,
                        expect=expect, expect_code=code, need=expect == 201,
                        request_valid=request_valid)

    def ballot(label, account, vote_id, choices, receipt=None, expect=200, code=None, operation=None,
               request_valid=None):
        body = {'operation_id': operation or random_uuid(), 'choices': choices}
        if receipt is not None:
            body['receipt'] = receipt
        return api.call(label, 'POST', f'{votes}/{vote_id}/ballots', token=tokens[account.name],
                        json_body=body, expect=expect, expect_code=code, request_valid=request_valid)

    def end(label, what, vote_id, token=None, expect=200, code=None, operation=None,
            request_valid=None, **extra):
        return api.call(label, 'POST', f'{votes}/{vote_id}/{what}', token=token or chair_token,
                        json_body={'operation_id': operation or random_uuid(), **extra},
                        expect=expect, expect_code=code, request_valid=request_valid)

    stream = api.open_events('events for votes', '', token=tokens[voters[0].name])

    # -- quorum and conflicts of interest ------------------------------------------------------
    def n_present():
        ex = api.call('attendance for votes', 'GET', f'/api/v1/meetings/{meeting_id}/attendance',
                      token=chair_token, expect=200)
        return sum(1 for a in (ex.json or {}).get('attendance', []) if a.get('present'))

    for account in members:
        attend(account, True)
    away = []
    for account in reversed(members):
        if n_present() * 2 <= body_size:
            break
        attend(account, False)
        away.append(account)
    open_vote('a vote without quorum', expect=409, code='no_quorum')
    for account in away:
        attend(account, True)
    conflict_path = f'/api/v1/meetings/{meeting_id}/items/{item}/conflict'
    conflicted = voters[-1]
    ex = api.call('declare a conflict of interest', 'PUT', conflict_path, token=tokens[conflicted.name],
                  json_body={'operation_id': random_uuid()}, expect=200)
    tap.check('the declaration is stored', (ex.json or {}).get('conflict') is True, ex.body[:200])
    api.call('a conflict on an unknown item', 'PUT',
             f'/api/v1/meetings/{meeting_id}/items/{random_uuid()}/conflict',
             token=tokens[conflicted.name], json_body={'operation_id': random_uuid()},
             expect=404, expect_code='not_found')
    api.call('a conflict without an operation id', 'PUT', conflict_path, token=tokens[conflicted.name],
             json_body={}, expect=400, expect_code='bad_request', request_valid=False)
    api.call('a conflict without a token', 'PUT', conflict_path, json_body={'operation_id': random_uuid()},
             expect=401, expect_code='unauthorized')
    api.call('a conflict declared by the secretariat', 'PUT', conflict_path, token=tokens[secretary.name],
             json_body={'operation_id': random_uuid()}, expect=403, expect_code='forbidden')

    # -- an open vote -----------------------------------------------------------------------
    open_vote('a vote opened by a member', token=tokens[voters[0].name], expect=403, code='forbidden')
    open_vote('a vote on an unknown item', on=random_uuid(), expect=404, code='not_found')
    open_vote('a vote with an unknown kind', kind='named', expect=400, code='bad_request',
              request_valid=False)
    api.call('a vote without a token', 'POST', votes, json_body={'operation_id': random_uuid()},
             expect=401, expect_code='unauthorized', request_valid=False)
    operation = random_uuid()
    body = {'operation_id': operation, 'item_id': item, 'title': 'Thông qua Nghị quyết', 'kind': 'open',
            'majority': 'present', 'quorum_required': True, 'changeable': False}
    first = api.call('open a vote', 'POST', votes, token=chair_token, json_body=body, expect=201, need=True)
    again = api.call('open the same vote again', 'POST', votes, token=chair_token, json_body=body,
                     expect=201)
    tap.check('a replayed opening gets the stored answer', again.body == first.body)
    vote_id = first.json['id']
    open_vote('a second vote while one is open', on=other_item, expect=409, code='vote_in_progress')
    api.call('withdraw a conflict during the vote', 'DELETE', conflict_path, token=tokens[conflicted.name],
             json_body={'operation_id': random_uuid()}, expect=409, expect_code='vote_in_progress')

    eligible = [a for a in members if a is not conflicted]
    expected = [0, 0, 0]
    once = random_uuid()
    for n, account in enumerate(eligible):
        choice = 0 if n % 3 != 2 else (1 if n % 2 else 2)
        expected[choice] += 1
        ex = ballot(f'ballot of {account.name}', account, vote_id, [choice], operation=once if n == 0 else None)
        if n == 0:
            replay = ballot('the same ballot again', account, vote_id, [choice], operation=once)
            tap.check('a replayed ballot gets the stored answer', replay.body == ex.body)
    ballot('a second ballot', eligible[0], vote_id, [1], expect=409, code='already_voted')
    ballot('a ballot with a conflict of interest', conflicted, vote_id, [0], expect=403,
           code='conflict_of_interest')
    ballot('a ballot of the secretariat', secretary, vote_id, [0], expect=403, code='forbidden')
    ballot('a ballot for no option', eligible[1], vote_id, [7], expect=400, code='bad_request')
    ballot('a ballot with a receipt on an open vote', eligible[1], vote_id, [0], receipt='ab' * 32,
           expect=400, code='bad_request')
    ballot('a ballot without choices', eligible[1], vote_id, 'for', expect=400, code='bad_request',
           request_valid=False)
    ballot('a ballot on an unknown vote', eligible[1], random_uuid(), [0], expect=404, code='not_found')
    ex = api.call('the open vote', 'GET', f'{votes}/{vote_id}', token=tokens[voters[3].name], expect=200)
    tap.check('an open vote names who voted', len((ex.json or {}).get('voters', [])) == len(eligible),
              ex.body[:300])
    api.call('an unknown vote', 'GET', f'{votes}/{random_uuid()}', token=chair_token, expect=404,
             expect_code='not_found')
    api.call('a vote without a token', 'GET', f'{votes}/{vote_id}', expect=401, expect_code='unauthorized')
    end('close by a member', 'close', vote_id, token=tokens[voters[0].name], expect=403, code='forbidden')
    end('close without an operation id', 'close', vote_id, operation='x', expect=400, code='bad_request',
        request_valid=False)
    closed = end('close the vote', 'close', vote_id)
    result = (closed.json or {}).get('result') or {}
    tap.check('the close counts every ballot once', result.get('counts') == expected,
              f'{result!r} / {expected!r}')
    tap.check('the result follows the majority of those present',
              result.get('passed') == (expected[0] * 2 > result.get('basis', 0)) and
              result.get('basis') == result.get('present') and
              result.get('ballots') == len(eligible) and result.get('eligible') == body_size - 1,
              repr(result))
    ballot('a ballot after the close', eligible[1], vote_id, [0], expect=409, code='vote_closed')
    end('close it again', 'close', vote_id, expect=409, code='vote_closed')
    api.call('withdraw the conflict', 'DELETE', conflict_path, token=tokens[conflicted.name],
             json_body={'operation_id': random_uuid()}, expect=200)
    api.call('withdraw a conflict with a bad body', 'DELETE', conflict_path, token=tokens[conflicted.name],
             json_body={'operation_id': 'x'}, expect=400, expect_code='bad_request', request_valid=False)
    api.call('withdraw a conflict as the secretariat', 'DELETE', conflict_path, token=tokens[secretary.name],
             json_body={'operation_id': random_uuid()}, expect=403, expect_code='forbidden')
    api.call('withdraw a conflict on an unknown meeting', 'DELETE',
             f'/api/v1/meetings/{random_uuid()}/items/{item}/conflict', token=tokens[conflicted.name],
             json_body={'operation_id': random_uuid()}, expect=404, expect_code='not_found')

    # -- a secret vote: only counts travel -------------------------------------------------------
    ex = open_vote('open a secret election', kind='secret', on=other_item, changeable=True,
                   candidates=['Nguyễn A', 'Trần B', 'Lê C'], max_choices=2, majority='members')
    secret_id = ex.json['id']
    receipts = {}
    for n, account in enumerate(voters[:5]):
        receipts[account.name] = os.urandom(32).hex()
        ballot(f'secret ballot of {account.name}', account, secret_id, [0, 1] if n < 4 else [2],
               receipt=receipts[account.name])
    first_voter = voters[0]
    ex = ballot('replace a secret ballot with its receipt', first_voter, secret_id, [0],
                receipt=receipts[first_voter.name])
    tap.check('the replacement says so', (ex.json or {}).get('replaced') is True, ex.body[:200])
    ballot('replace a secret ballot without its receipt', first_voter, secret_id, [1],
           receipt=os.urandom(32).hex(), expect=409, code='already_voted')
    ballot('a secret ballot without a receipt', voters[6], secret_id, [0], expect=400, code='bad_request')
    ballot('too many choices', voters[6], secret_id, [0, 1, 2], receipt=os.urandom(32).hex(),
           expect=400, code='bad_request')
    ex = api.call('the secret vote', 'GET', f'{votes}/{secret_id}', token=chair_token, expect=200)
    tap.check('a secret vote shows only how many voted',
              'voters' not in (ex.json or {}) and (ex.json or {}).get('voted') == 5, ex.body[:300])
    ex = end('close the secret election', 'close', secret_id)
    result = (ex.json or {}).get('result') or {}
    tap.check('the secret count is exact', result.get('counts') == [4, 3, 1], repr(result))
    tap.check('a majority of all members elects nobody here',
              result.get('elected') == [] and result.get('passed') is False, repr(result))

    # -- annul, re-run by show of hands --------------------------------------------------------
    rerun = open_vote('open a vote to annul').json['id']
    end('annul by a member', 'annul', rerun, token=tokens[voters[0].name], expect=403, code='forbidden')
    ex = end('annul the vote', 'annul', rerun)
    tap.check('an annulled vote stays in the record', (ex.json or {}).get('state') == 'annulled', ex.body[:200])
    end('annul it again', 'annul', rerun, expect=409, code='vote_closed')
    end('annul with an unknown member', 'annul', rerun, expect=400, code='bad_request', request_valid=False,
        note='x')
    end('close an unknown vote', 'close', random_uuid(), expect=404, code='not_found')
    end('annul an unknown vote', 'annul', random_uuid(), expect=404, code='not_found')
    end('a show of hands on an unknown vote', 'show-of-hands', random_uuid(), counts=[1, 0, 0],
        expect=404, code='not_found')
    hands_id = open_vote('re-run the vote').json['id']
    end('a show of hands with a count missing', 'show-of-hands', hands_id, counts=[3, 1],
        expect=400, code='bad_request')
    end('a show of hands by a member', 'show-of-hands', hands_id, token=tokens[voters[0].name],
        counts=[8, 2, 1], expect=403, code='forbidden')
    ex = end('enter a show of hands', 'show-of-hands', hands_id, counts=[8, 2, 1])
    result = (ex.json or {}).get('result') or {}
    tap.check('a show of hands is marked as such', result.get('show_of_hands') is True and
              result.get('counts') == [8, 2, 1] and result.get('passed') is True, repr(result))
    end('a show of hands on a closed vote', 'show-of-hands', hands_id, counts=[8, 2, 1],
        expect=409, code='vote_closed')
    ex = api.call('the votes of the meeting', 'GET', votes, token=tokens[secretary.name], expect=200)
    states = [v.get('state') for v in (ex.json or {}).get('votes', [])]
    tap.check('the record keeps every vote, annulled ones too',
              states[-4:] == ['closed', 'closed', 'annulled', 'closed'], repr(states))
    api.call('the votes of an unknown meeting', 'GET', f'/api/v1/meetings/{random_uuid()}/votes',
             token=chair_token, expect=404, expect_code='not_found')
    api.call('the votes without a token', 'GET', votes, expect=401, expect_code='unauthorized')

    # -- the events ---------------------------------------------------------------------------
    wanted = {'vote.opened', 'vote.ballot', 'vote.closed', 'vote.annulled', 'conflict.changed'}
    seen = {}
    deadline = Deadline(EVENT_DEADLINE)
    try:
        while not wanted <= set(seen) or not any(
                e['data'].get('vote_id') == hands_id for e in seen.get('vote.closed', [])):
            got = stream.next(deadline)
            if got[0] == 'event' and isinstance(got[2], dict) and got[2].get('type') in wanted:
                seen.setdefault(got[2]['type'], []).append(got[2])
    except (TimeoutError, OSError, EOFError, AssertionError) as e:
        tap.note(f'events for votes: {e!r}')
    finally:
        stream.close()
    tap.check('every vote event arrives', wanted <= set(seen), sorted(seen))
    secret_ballots = [e for e in seen.get('vote.ballot', []) if e['data'].get('vote_id') == secret_id]
    open_ballots = [e for e in seen.get('vote.ballot', []) if e['data'].get('vote_id') == vote_id]
    tap.check('a secret vote\'s ballot events carry only how many voted',
              secret_ballots and all(set(e['data']) == {'vote_id', 'voted'} for e in secret_ballots),
              repr(secret_ballots[:2]))
    tap.check('an open vote\'s ballot events say who voted',
              open_ballots and all('account_id' in e['data'] for e in open_ballots), repr(open_ballots[:2]))
    del outsider_names


def run_live(spec, tap, api, accounts):
    """The live meeting (docs/protocol.md, "The live meeting"): the chair's position, the
    speakers' queue and the quorum, who may do what, every answer and the two events
    checked against the spec."""
    random_uuid = lambda: str(uuid.uuid4())
    members = [a for a in accounts if a.role == 'member' and a.in_body]
    secretary = next(a for a in accounts if a.role == 'secretary')
    tokens, ids = {}, {}
    for account in members + [secretary]:
        # The first scenario locks one member out with wrong PINs: that one sits this out.
        ex = api.call(f'sign in as {account.name} for the live meeting', 'POST', '/api/v1/session',
                      json_body={'name': account.name, 'pin': account.pin, 'terminal_id': TERMINAL_ID},
                      expect={201, 429})
        if ex.status == 201:
            tokens[account.name] = ex.json['token']
            ids[account.name] = ex.json['account']['id']
    if secretary.name not in tokens:
        raise Fatal('the secretariat could not sign in for the live meeting')
    members = [a for a in members if a.name in tokens]
    ex = api.call('meetings for the live meeting', 'GET', '/api/v1/meetings', token=tokens[secretary.name],
                  expect=200, need=True)
    chair = meeting = None
    for summary in ex.json['meetings']:
        m = api.call('a meeting for the live meeting', 'GET', f'/api/v1/meetings/{summary["id"]}',
                     token=tokens[secretary.name], expect=200, need=True).json
        found = next((a for a in members if ids[a.name] == m['chair_id']), None)
        with_document = [i for i in m['agenda'] if i['documents']]
        if found is not None and m['status'] != 'closed' and with_document:
            chair, meeting = found, m
            break
    if meeting is None:
        raise Fatal('no open meeting with documents chaired by a demo member')
    base = f'/api/v1/meetings/{meeting["id"]}'
    chair_token = tokens[chair.name]
    others = [a for a in members if a is not chair]
    item = next(i for i in meeting['agenda'] if i['documents'])
    document = item['documents'][0]
    other_item = next(i for i in meeting['agenda'] if i['id'] != item['id'])

    def move(label, token=None, expect=200, code=None, operation=None, request_valid=None, **fields):
        body = {'operation_id': operation or random_uuid(), 'item_id': item['id'],
                'document_id': document['id'], 'page': 0}
        body.update(fields)
        return api.call(label, 'PUT', f'{base}/position', token=token or chair_token, json_body=body,
                        expect=expect, expect_code=code, request_valid=request_valid)

    def speakers(label, method, what, account, expect=200, code=None, operation=None, request_valid=None):
        return api.call(label, method, f'{base}/speakers{what}', token=tokens[account.name],
                        json_body={'operation_id': operation or random_uuid()}, expect=expect,
                        expect_code=code, request_valid=request_valid)

    stream = api.open_events('events for the live meeting', '', token=tokens[others[0].name])

    # -- the chair's position ------------------------------------------------------------------
    ex = api.call('the position', 'GET', f'{base}/position', token=tokens[others[1].name], expect=200)
    move('a move by a member', token=tokens[others[1].name], expect=403, code='forbidden')
    move('a move to an unknown item', item_id=random_uuid(), expect=404, code='not_found')
    move('a document of another item', item_id=other_item['id'], expect=404, code='not_found')
    move('a page past the end', page=document['pages'], expect=400, code='bad_request')
    move('a page without a document', document_id=None, page=1, expect=400, code='bad_request')
    move('a move without an item', item_id=None, expect=400, code='bad_request', request_valid=False)
    api.call('a move without a token', 'PUT', f'{base}/position', json_body={'operation_id': random_uuid()},
             expect=401, expect_code='unauthorized', request_valid=False)
    api.call('a move in an unknown meeting', 'PUT', f'/api/v1/meetings/{random_uuid()}/position',
             token=chair_token, json_body={'operation_id': random_uuid(), 'item_id': item['id'],
                                           'document_id': None, 'page': None},
             expect=404, expect_code='not_found')
    operation = random_uuid()
    first = move('the chair moves', operation=operation, page=min(1, document['pages'] - 1))
    again = move('the same move again', operation=operation, page=min(1, document['pages'] - 1))
    tap.check('a replayed move gets the stored answer', again.body == first.body)
    move('another move under a used operation id', operation=operation, page=0, expect=409,
         code='conflict')
    ex = api.call('the position after the move', 'GET', f'{base}/position', token=tokens[others[1].name],
                  expect=200)
    tap.check('everyone reads where the chair is', ex.body == first.body, ex.body[:300])
    api.call('the position of an unknown meeting', 'GET', f'/api/v1/meetings/{random_uuid()}/position',
             token=chair_token, expect=404, expect_code='not_found')
    api.call('the position without a token', 'GET', f'{base}/position', expect=401,
             expect_code='unauthorized')

    # -- the speakers' queue -------------------------------------------------------------------
    a, b, c = others[1], others[2], others[3]
    operation = random_uuid()
    first = speakers(f'{a.name} asks to speak', 'POST', '', a, operation=operation)
    again = speakers(f'{a.name} asks again (a retry)', 'POST', '', a, operation=operation)
    tap.check('a replayed request gets the stored answer', again.body == first.body)
    speakers(f'{a.name} asks again', 'POST', '', a)
    speakers(f'{b.name} asks to speak', 'POST', '', b)
    speakers(f'{c.name} asks to speak', 'POST', '', c)
    ex = speakers(f'{b.name} withdraws', 'DELETE', '/me', b)
    queue = [s['account_id'] for s in (ex.json or {}).get('queue', [])]
    tap.check('the queue keeps one place each, in order', queue == [ids[a.name], ids[c.name]], repr(queue))
    speakers('a request by the secretariat', 'POST', '', secretary, expect=403, code='forbidden')
    speakers('a request without an operation id', 'POST', '', a, operation='x', expect=400,
             code='bad_request', request_valid=False)
    speakers('withdraw without an operation id', 'DELETE', '/me', a, operation='x', expect=400,
             code='bad_request', request_valid=False)
    speakers('next by a member', 'POST', '/next', a, expect=403, code='forbidden')
    speakers('next with a bad body', 'POST', '/next', chair, operation='x', expect=400,
             code='bad_request', request_valid=False)
    ex = speakers('next', 'POST', '/next', chair)
    tap.check('the first in line has the floor',
              ((ex.json or {}).get('floor') or {}).get('account_id') == ids[a.name], ex.body[:300])
    speakers('the floor by a member', 'POST', f'/{ids[c.name]}/floor', a, expect=403, code='forbidden')
    speakers('the floor to one not in line', 'POST', f'/{ids[b.name]}/floor', chair, expect=404,
             code='not_found')
    speakers('the floor with a bad body', 'POST', f'/{ids[c.name]}/floor', chair, operation='x',
             expect=400, code='bad_request', request_valid=False)
    ex = speakers('the floor out of turn', 'POST', f'/{ids[c.name]}/floor', chair)
    tap.check('the chair gave the floor and the previous speaker is done',
              ((ex.json or {}).get('floor') or {}).get('account_id') == ids[c.name] and
              (ex.json or {}).get('queue') == [], ex.body[:300])
    ex = api.call('the queue', 'GET', f'{base}/speakers', token=tokens[secretary.name], expect=200)
    api.call('the queue of an unknown meeting', 'GET', f'/api/v1/meetings/{random_uuid()}/speakers',
             token=chair_token, expect=404, expect_code='not_found')
    api.call('the queue without a token', 'GET', f'{base}/speakers', expect=401, expect_code='unauthorized')
    api.call('ask without a token', 'POST', f'{base}/speakers', json_body={'operation_id': random_uuid()},
             expect=401, expect_code='unauthorized')
    api.call('withdraw without a token', 'DELETE', f'{base}/speakers/me',
             json_body={'operation_id': random_uuid()}, expect=401, expect_code='unauthorized')
    api.call('next without a token', 'POST', f'{base}/speakers/next',
             json_body={'operation_id': random_uuid()}, expect=401, expect_code='unauthorized')
    api.call('the floor without a token', 'POST', f'{base}/speakers/{ids[c.name]}/floor',
             json_body={'operation_id': random_uuid()}, expect=401, expect_code='unauthorized')
    for what, method in (('', 'POST'), ('/me', 'DELETE'), ('/next', 'POST'), (f'/{ids[c.name]}/floor', 'POST')):
        api.call(f'{method} speakers{what} of an unknown meeting', method,
                 f'/api/v1/meetings/{random_uuid()}/speakers{what}', token=chair_token,
                 json_body={'operation_id': random_uuid()}, expect=404, expect_code='not_found')
    speakers(f'{c.name} gives the floor back', 'DELETE', '/me', c)

    # -- the quorum ----------------------------------------------------------------------------
    ex = api.call('the quorum', 'GET', f'{base}/quorum', token=tokens[others[4].name], expect=200)
    q = ex.json or {}
    tap.check('the quorum follows the votes\' rule',
              q.get('required') == q.get('members', 0) // 2 + 1 and
              q.get('met') == (2 * q.get('present', 0) > q.get('members', 0)), repr(q))
    api.call('check out', 'POST', f'{base}/attendance', token=tokens[others[4].name],
             json_body={'operation_id': random_uuid(), 'present': False}, expect=200)
    ex = api.call('the quorum after a check-out', 'GET', f'{base}/quorum', token=chair_token, expect=200)
    tap.check('a check-out is counted at once',
              (ex.json or {}).get('present') == q.get('present', 0) - 1, ex.body[:200])
    api.call('check in again', 'POST', f'{base}/attendance', token=tokens[others[4].name],
             json_body={'operation_id': random_uuid(), 'present': True}, expect=200)
    api.call('the quorum of an unknown meeting', 'GET', f'/api/v1/meetings/{random_uuid()}/quorum',
             token=chair_token, expect=404, expect_code='not_found')
    api.call('the quorum without a token', 'GET', f'{base}/quorum', expect=401, expect_code='unauthorized')

    # -- the events ----------------------------------------------------------------------------
    wanted = {'position.changed', 'speakers.changed'}
    seen = {}
    deadline = Deadline(EVENT_DEADLINE)
    try:
        while not wanted <= set(seen) or len(seen.get('speakers.changed', [])) < 7:
            got = stream.next(deadline)
            if got[0] == 'event' and isinstance(got[2], dict) and got[2].get('type') in wanted:
                seen.setdefault(got[2]['type'], []).append(got[2])
    except (TimeoutError, OSError, EOFError, AssertionError) as e:
        tap.note(f'events for the live meeting: {e!r}')
    finally:
        stream.close()
    tap.check('every live event arrives', wanted <= set(seen), sorted(seen))
    tap.check('one position.changed per move (none for the replay)',
              len(seen.get('position.changed', [])) == 1, repr(seen.get('position.changed')))
    tap.check('the last speakers.changed carries the whole queue',
              (seen.get('speakers.changed') or [{}])[-1].get('data', {}).get('floor') is None,
              repr((seen.get('speakers.changed') or [None])[-1]))


def run_opinions(spec, tap, api, accounts):
    """Opinion rounds (docs/protocol.md, "Opinion rounds"): the chair opens and closes,
    members answer (and replace), who may do what, idempotent replays, the refusal after
    the close, every answer and the three events checked against the spec."""
    random_uuid = lambda: str(uuid.uuid4())
    members = [a for a in accounts if a.role == 'member' and a.in_body]
    secretary = next(a for a in accounts if a.role == 'secretary')
    tokens, ids = {}, {}
    for account in members + [secretary]:
        # The first scenario locks one member out with wrong PINs: that one sits this out.
        ex = api.call(f'sign in as {account.name} for opinions', 'POST', '/api/v1/session',
                      json_body={'name': account.name, 'pin': account.pin, 'terminal_id': TERMINAL_ID},
                      expect={201, 429})
        if ex.status == 201:
            tokens[account.name] = ex.json['token']
            ids[account.name] = ex.json['account']['id']
    if secretary.name not in tokens:
        raise Fatal('the secretariat could not sign in for opinions')
    members = [a for a in members if a.name in tokens]
    ex = api.call('meetings for opinions', 'GET', '/api/v1/meetings', token=tokens[secretary.name],
                  expect=200, need=True)
    chair = meeting = None
    for summary in ex.json['meetings']:
        m = api.call('a meeting for opinions', 'GET', f'/api/v1/meetings/{summary["id"]}',
                     token=tokens[secretary.name], expect=200, need=True).json
        found = next((a for a in members if ids[a.name] == m['chair_id']), None)
        with_document = [i for i in m['agenda'] if i['documents']]
        if found is not None and m['status'] != 'closed' and with_document:
            chair, meeting = found, m
            break
    if meeting is None:
        raise Fatal('no open meeting with documents chaired by a demo member')
    base = f'/api/v1/meetings/{meeting["id"]}/opinion-rounds'
    chair_token = tokens[chair.name]
    others = [a for a in members if a is not chair]
    document = next(i for i in meeting['agenda'] if i['documents'])['documents'][0]
    ex = api.call('the server time for opinions', 'GET', '/api/v1/server', expect=200, need=True)
    now = datetime.datetime.strptime(ex.json['server_time'], '%Y-%m-%dT%H:%M:%SZ')
    stamp = lambda t: t.strftime('%Y-%m-%dT%H:%M:%SZ')
    deadline = stamp(now + datetime.timedelta(hours=2))

    def open_round(label, token=None, expect=201, code=None, operation=None, request_valid=None, **fields):
        body = {'operation_id': operation or random_uuid(), 'document_id': document['id'],
                'title': 'Xin ý kiến vào dự thảo', 'deadline': deadline}
        body.update(fields)
        return api.call(label, 'POST', base, token=token or chair_token, json_body=body, expect=expect,
                        expect_code=code, request_valid=request_valid)

    def answer(label, account, round_id, stance='agree', text='', comments=(), expect=200, code=None,
               operation=None, request_valid=None):
        body = {'operation_id': operation or random_uuid(), 'stance': stance, 'text': text,
                'comments': list(comments)}
        return api.call(label, 'PUT', f'{base}/{round_id}/answer', token=tokens[account.name],
                        json_body=body, expect=expect, expect_code=code, request_valid=request_valid)

    def close(label, round_id, token=None, expect=200, code=None, operation=None, request_valid=None):
        return api.call(label, 'POST', f'{base}/{round_id}/close', token=token or chair_token,
                        json_body={'operation_id': operation or random_uuid()}, expect=expect,
                        expect_code=code, request_valid=request_valid)

    stream = api.open_events('events for opinions', '', token=tokens[others[0].name])

    # -- opening -------------------------------------------------------------------------------
    open_round('a round opened by a member', token=tokens[others[1].name], expect=403, code='forbidden')
    open_round('a round with a past deadline', deadline=stamp(now - datetime.timedelta(minutes=1)),
               expect=400, code='bad_request')
    open_round('a round on an unknown document', document_id=random_uuid(), expect=404, code='not_found')
    open_round('a round without a title', title=None, expect=400, code='bad_request', request_valid=False)
    api.call('a round without a token', 'POST', base, json_body={'operation_id': random_uuid()},
             expect=401, expect_code='unauthorized', request_valid=False)
    api.call('a round in an unknown meeting', 'POST', f'/api/v1/meetings/{random_uuid()}/opinion-rounds',
             token=chair_token, json_body={'operation_id': random_uuid(), 'document_id': document['id'],
                                           'title': 'x', 'deadline': deadline},
             expect=404, expect_code='not_found')
    operation = random_uuid()
    first = open_round('the chair opens a round', operation=operation)
    again = open_round('the same round again', operation=operation)
    tap.check('a replayed opening gets the stored answer', again.body == first.body)
    open_round('another round under a used operation id', operation=operation, title='Khác',
               expect=409, code='conflict')
    round_id = (first.json or {}).get('id')
    if not round_id:
        raise Fatal('no opinion round to go on with')
    open_round('the secretariat opens a round', token=tokens[secretary.name])

    # -- answering -----------------------------------------------------------------------------
    a, b = others[1], others[2]
    operation = random_uuid()
    first = answer(f'{a.name} answers', a, round_id, 'agree_with_comments', 'Đề nghị bổ sung.',
                   [{'page': 0, 'text': 'Sửa tiêu đề'}], operation=operation)
    again = answer(f'{a.name} answers again (a retry)', a, round_id, 'agree_with_comments',
                   'Đề nghị bổ sung.', [{'page': 0, 'text': 'Sửa tiêu đề'}], operation=operation)
    tap.check('a replayed answer gets the stored answer', again.body == first.body)
    answer(f'{a.name} replaces the answer', a, round_id, 'agree')
    answer(f'{b.name} disagrees without a reason', b, round_id, 'disagree', expect=400, code='bad_request')
    answer(f'{b.name} comments past the end', b, round_id, 'agree_with_comments', 'x',
           [{'page': document['pages'], 'text': 'x'}], expect=400, code='bad_request')
    answer(f'{b.name} answers with a bad stance', b, round_id, 'maybe', expect=400, code='bad_request',
           request_valid=False)
    answer(f'{b.name} disagrees', b, round_id, 'disagree', 'Chưa đủ cơ sở.')
    answer('the secretariat answers', secretary, round_id, expect=403, code='forbidden')
    answer('an answer to an unknown round', b, random_uuid(), expect=404, code='not_found')
    api.call('an answer without a token', 'PUT', f'{base}/{round_id}/answer',
             json_body={'operation_id': random_uuid(), 'stance': 'agree', 'text': '', 'comments': []},
             expect=401, expect_code='unauthorized')

    # -- reading -------------------------------------------------------------------------------
    ex = api.call('the rounds as a member', 'GET', base, token=tokens[b.name], expect=200)
    mine = next((r for r in (ex.json or {}).get('rounds', []) if r.get('id') == round_id), {})
    tap.check('a member sees their own answer and nobody else\'s',
              (mine.get('mine') or {}).get('stance') == 'disagree' and 'answers' not in mine, repr(mine)[:300])
    ex = api.call('the rounds as the chair', 'GET', base, token=chair_token, expect=200)
    seen = next((r for r in (ex.json or {}).get('rounds', []) if r.get('id') == round_id), {})
    tap.check('the chair sees every answer and who is missing',
              len(seen.get('answers', [])) == 2 and
              len(seen.get('missing', [])) == seen.get('members', 0) - 2, repr(seen)[:300])
    api.call('the rounds of an unknown meeting', 'GET', f'/api/v1/meetings/{random_uuid()}/opinion-rounds',
             token=chair_token, expect=404, expect_code='not_found')
    api.call('the rounds without a token', 'GET', base, expect=401, expect_code='unauthorized')

    # -- closing -------------------------------------------------------------------------------
    close('a close by a member', round_id, token=tokens[a.name], expect=403, code='forbidden')
    close('a close with a bad body', round_id, operation='x', expect=400, code='bad_request',
          request_valid=False)
    close('a close of an unknown round', random_uuid(), expect=404, code='not_found')
    api.call('a close without a token', 'POST', f'{base}/{round_id}/close',
             json_body={'operation_id': random_uuid()}, expect=401, expect_code='unauthorized')
    ex = close('the chair closes the round', round_id)
    tap.check('the closed round reads closed', (ex.json or {}).get('state') == 'closed', ex.body[:200])
    close('a second close', round_id, expect=409, code='round_closed')
    ex = answer(f'{b.name} answers after the close', b, round_id, 'agree', expect=409, code='round_closed')
    tap.check('the refusal says the answer was not recorded', 'not recorded' in (ex.error_message() or ''),
              ex.error_message())
    again = answer(f'{a.name} retries the first answer after the close', a, round_id,
                   'agree_with_comments', 'Đề nghị bổ sung.', [{'page': 0, 'text': 'Sửa tiêu đề'}],
                   operation=operation)
    tap.check('a retry after the close gets the first answer', again.body == first.body)

    # -- the events ----------------------------------------------------------------------------
    wanted = {'opinion.opened', 'opinion.answered', 'opinion.closed'}
    seen = {}
    deadline_events = Deadline(EVENT_DEADLINE)
    try:
        while not wanted <= set(seen) or len(seen.get('opinion.answered', [])) < 3:
            got = stream.next(deadline_events)
            if got[0] == 'event' and isinstance(got[2], dict) and got[2].get('type') in wanted:
                seen.setdefault(got[2]['type'], []).append(got[2])
    except (TimeoutError, OSError, EOFError, AssertionError) as e:
        tap.note(f'events for opinions: {e!r}')
    finally:
        stream.close()
    tap.check('every opinion event arrives', wanted <= set(seen), sorted(seen))
    tap.check('the answered events carry only the count',
              all(set(e.get('data', {})) == {'meeting_id', 'round_id', 'answered'}
                  for e in seen.get('opinion.answered', [])), repr(seen.get('opinion.answered'))[:300])


def main(argv):
    if len(argv) != 2:
        print(f'usage: PLENUM_SERVER=path {argv[0]} docs/openapi.yaml', file=sys.stderr)
        return 2
    spec_path = argv[1]
    source_root = (os.environ.get('PLENUM_SOURCE_ROOT') or
                   os.path.dirname(os.path.dirname(os.path.abspath(spec_path))))
    server_exe = os.environ.get('PLENUM_SERVER')
    tap = Tap()
    started = time.monotonic()
    spec = Spec(spec_path)
    server = None
    tmp = tempfile.mkdtemp(prefix='plenum-openapi-')
    try:
        spec.static_checks(tap)
        if not server_exe:
            raise Fatal('PLENUM_SERVER is not set')
        accounts = demo_accounts(source_root)
        server = Server(server_exe, os.path.join(tmp, 'data'), os.path.join(tmp, 'server.log'))
        os.mkdir(server.data_dir)
        first = server.start()
        tap.result(f'the server started: {first}')
        api = Api(spec, tap, server.port)
        new_meeting, version = run(spec, tap, api, accounts)
        run_terminals(spec, tap, api, accounts)
        run_annotations(spec, tap, api, accounts)
        run_votes(spec, tap, api, accounts)
        run_live(spec, tap, api, accounts)
        run_opinions(spec, tap, api, accounts)
        run_revisions(spec, tap, api, accounts)
        code = server.stop()
        tap.check('the server stopped cleanly for the restart', code in (0, -signal.SIGTERM),
                  f'exit status {code}')
        first = server.start(['--token-lifetime-seconds', str(TOKEN_LIFETIME)])
        tap.result(f'the server started again on the same data: {first}')
        api.port = server.port
        run_expiry(spec, tap, api, accounts, new_meeting, version)
        coverage(spec, tap)
    except Fatal as e:
        tap.result('the test could go on', [str(e)])
    except Exception:
        tap.result('the test ran without an exception', [traceback.format_exc()])
    finally:
        if server is not None and server.process is not None:
            running = server.process.poll() is None
            code = server.stop()
            tap.check('the server was still running at the end', running, f'it exited with {code}')
            # SIGTERM is how the test stops it: a clean exit or death by that signal is fine;
            # anything else (a trap from G_DEBUG=fatal-warnings, an abort) is a crash.
            tap.check('the server stopped cleanly', code in (0, -signal.SIGTERM), f'exit status {code}')
            warnings = [line for line in server.stderr_tail(lines=100000).splitlines()
                        if re.search(r'-(WARNING|CRITICAL) \*\*', line)]
            tap.check('the server logged no warnings', not warnings, '\n'.join(warnings[:20]))
            if tap.failed:
                tap.note(f'server exit status {code}; the end of its stderr:\n{server.stderr_tail()}')
        shutil.rmtree(tmp, ignore_errors=True)
    tap.note(f'took {time.monotonic() - started:.1f} s')
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
