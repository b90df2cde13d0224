"""The error answers of every operation, in /api/openapi.json, with the one error schema (jiuye.api.errors.ErrorOut).

Which statuses an operation can give follows from how it is declared, so they are added to the schema here rather
than on each of the routes (where a new route would forget them):
- 422 for any parameter or body (ninja's validation and the services' domain rules), 400 for a body that is not JSON;
- 401 and 403 for an authenticated operation (403: a role that may not, or a session request without its CSRF
  token), 429 for one a token may call (API_TOKEN_RATE_PER_MINUTE);
- 404 for an authenticated operation other than a paginated list: a record, employer (USCC) or region that does not
  exist or is outside the caller's region (lists only filter);
- 500 for all.
"""

from ninja.openapi.schema import OpenAPISchema

from jiuye.api.errors import STATUS_ERRORS, ErrorOut

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def document_errors(schema: OpenAPISchema) -> OpenAPISchema:
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(error_schema.pop("$defs", {}))
    components["ErrorOut"] = error_schema | {
        "description": "错误响应：code 为英文代码，message 为中文说明，fields 为各字段的中文说明。"
    }
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status in sorted(error_statuses(operation)):
                description = str(STATUS_ERRORS[status][1])
                operation["responses"].setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}
                )
    return schema


def error_statuses(operation: dict) -> set[int]:
    parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
    statuses = {500}
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses.add(400)
    if operation.get("security"):
        statuses |= {401, 403, 429}
        if not {"limit", "offset"} <= parameters:
            statuses.add(404)
    return statuses
