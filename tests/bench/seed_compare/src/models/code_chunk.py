import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

from src.models.base import Base


class Embedding(UserDefinedType):
    """code_chunks.embedding: pgvector's vector(1536), or real[] without pgvector.

    Sent and read as text (asyncpg has no codec for pgvector's type): '[0.1,...]' casts to
    vector; both '[...]' (vector) and '{...}' (real[]) read back as a list of floats.
    """

    cache_ok = True

    def get_col_spec(self, **kw):
        return "vector(1536)"

    def bind_expression(self, bindvalue):
        return sa.cast(sa.cast(bindvalue, sa.Text), self)

    def column_expression(self, col):
        # type_coerce keeps this type, so result_processor turns the text into floats.
        return sa.type_coerce(sa.cast(col, sa.Text), self)

    def bind_processor(self, dialect):
        def process(value):
            return None if value is None else "[" + ",".join(repr(float(v)) for v in value) + "]"
        return process

    def result_processor(self, dialect, coltype):
        def process(value):
            if value is None:
                return None
            return [float(v) for v in value.strip("[]{}").split(",") if v]
        return process


class CodeChunk(Base):
    __tablename__ = "code_chunks"

    id = sa.Column(sa.Integer, primary_key=True)
    repository_id = sa.Column(sa.Integer, sa.ForeignKey("repositories.id"), nullable=False)
    file_path = sa.Column(sa.Text, nullable=False)
    start_line = sa.Column(sa.Integer, nullable=False)
    end_line = sa.Column(sa.Integer, nullable=False)
    content = sa.Column(sa.Text, nullable=False)
    embedding = sa.Column(Embedding())
