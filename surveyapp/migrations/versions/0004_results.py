"""results: population cells and campaign weighting settings

Revision ID: 0004_results
Revises: 0001
Create Date: 2026-11-25 13:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004_results'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('population_cell',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('age_group', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_population_cell_area_id_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_population_cell')),
    sa.UniqueConstraint('area_id', 'year', 'sex', 'age_group', name=op.f('uq_population_cell_area_id'))
    )
    with op.batch_alter_table('population_cell', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_population_cell_area_id'), ['area_id'], unique=False)

    op.create_table('campaign_weighting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('variables', sa.JSON(), nullable=False),
    sa.Column('population_year', sa.Integer(), nullable=True),
    sa.Column('trim_lower', sa.Double(), nullable=True),
    sa.Column('trim_upper', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_weighting_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_weighting')),
    sa.UniqueConstraint('campaign_id', name=op.f('uq_campaign_weighting_campaign_id'))
    )


def downgrade():
    op.drop_table('campaign_weighting')
    with op.batch_alter_table('population_cell', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_population_cell_area_id'))
    op.drop_table('population_cell')
