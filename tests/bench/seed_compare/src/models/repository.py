import sqlalchemy as sa

from src.models.base import Base


class Repository(Base):
    __tablename__ = "repositories"

    id = sa.Column(sa.Integer, primary_key=True)
    path = sa.Column(sa.Text, nullable=False)
    last_indexed_at = sa.Column(sa.DateTime(timezone=True))
