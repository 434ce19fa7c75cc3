from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/cases/<int:case_id>")
