from flask import Blueprint

bp = Blueprint("progress", __name__, url_prefix="/cases/<int:case_id>")
