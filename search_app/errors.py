"""Error answers: JSON for machine endpoints, a page for people; bad parameters are 400, never 500."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from index import QueryError

from .params import BadParameter

# Paths whose clients are programs: errors answer JSON there.
MACHINE_PREFIXES = ("/api/", "/export.", "/feed.", "/attention.csv")


def wants_json() -> bool:
    """True for API, export, feed and CSV requests."""
    return request.path.startswith(MACHINE_PREFIXES)


def error_response(status: int, message: str, parameter: str | None = None):
    """A JSON error body for programs or an HTML error page for people."""
    if wants_json():
        body = {"error": {"status": status, "message": message}}
        if parameter:
            body["error"]["parameter"] = parameter
        return jsonify(body), status
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(BadParameter)
    def bad_parameter(exc: BadParameter):
        return error_response(400, exc.message, exc.name)

    @app.errorhandler(QueryError)
    def bad_query(exc: QueryError):
        return error_response(400, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = app.make_response(error_response(exc.code or 500, exc.description or exc.name))
        if getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, InternalServerError.description)
