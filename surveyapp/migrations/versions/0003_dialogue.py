"""dialogue: dialogues, pins, rate counters

Revision ID: 0003_dialogue
Revises: 0001
Create Date: 2026-11-25 13:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_dialogue'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dialogue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('opens', sa.Date(), nullable=False),
    sa.Column('closes', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue')),
    sa.UniqueConstraint('slug', name=op.f('uq_dialogue_slug'))
    )
    op.create_table('dialogue_area',
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_dialogue_area_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_dialogue_area_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dialogue_id', 'area_id', name=op.f('pk_dialogue_area'))
    )
    op.create_table('pin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lng', sa.Float(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('time_of_day', sa.String(length=16), nullable=True),
    sa.Column('place_description', sa.String(length=200), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('me_too', sa.Integer(), nullable=False),
    sa.Column('reject_reason', sa.String(length=200), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_pin_area_id_area'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_pin_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pin'))
    )
    op.create_index(op.f('ix_pin_area_id'), 'pin', ['area_id'], unique=False)
    op.create_index('ix_pin_dialogue_status', 'pin', ['dialogue_id', 'status'], unique=False)
    op.create_table('dialogue_rate',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_dialogue_rate'))
    )
    op.create_index(op.f('ix_dialogue_rate_window_start'), 'dialogue_rate', ['window_start'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_dialogue_rate_window_start'), table_name='dialogue_rate')
    op.drop_table('dialogue_rate')
    op.drop_index('ix_pin_dialogue_status', table_name='pin')
    op.drop_index(op.f('ix_pin_area_id'), table_name='pin')
    op.drop_table('pin')
    op.drop_table('dialogue_area')
    op.drop_table('dialogue')
