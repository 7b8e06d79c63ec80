"""pin_area_only: pins placed by area only are marked

Revision ID: 0020_pin_area_only
Revises: 0019_reports
Create Date: 2026-12-03 09:00:00

``pin.area_only`` is true for a pin placed by choosing an area without a point (its position
is the area's interior point). Existing pins are marked when their position is exactly the
interior point of their area (rounded to 6 decimals as stored, about 0.1 m: a tapped point
lands there by chance practically never).
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_pin_area_only"
down_revision = "0019_reports"
branch_labels = None
depends_on = None


def upgrade():
    from surveyapp.geo.geometry import interior_point

    # a plain ADD COLUMN: a batch rebuild of ``pin`` on SQLite would cascade-delete its links
    op.add_column("pin", sa.Column("area_only", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    pin = sa.table("pin", sa.column("id", sa.Integer()), sa.column("lat", sa.Float()),
                   sa.column("lng", sa.Float()), sa.column("area_id", sa.Integer()),
                   sa.column("area_only", sa.Boolean()))
    area = sa.table("area", sa.column("id", sa.Integer()), sa.column("geometry", sa.JSON()))
    connection = op.get_bind()
    centres = {}
    for area_id, geometry in connection.execute(sa.select(area.c.id, area.c.geometry)):
        if geometry:
            lat, lng = interior_point(geometry)
            centres[area_id] = (round(lat, 6), round(lng, 6))
    for pin_id, lat, lng, area_id in connection.execute(
            sa.select(pin.c.id, pin.c.lat, pin.c.lng, pin.c.area_id)):
        if area_id in centres and (round(lat, 6), round(lng, 6)) == centres[area_id]:
            connection.execute(sa.update(pin).where(pin.c.id == pin_id).values(area_only=True))


def downgrade():
    op.drop_column("pin", "area_only")
