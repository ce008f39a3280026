"""Anonymous rows waiting for their batch (see `anonymity.writes`)."""

import uuid

from django.db import models


class PendingRow(models.Model):
    """One anonymous submission, serialised, until it is written with others in one batch.

    Deliberately no time column and no sequence: the random key and the date are all there
    is. While a row waits here its physical place (SQLite rowid, PostgreSQL ctid/xmin) does
    follow the order of arrival; that is the window the README states, and it closes when
    the batch is written and these rows are deleted (securely, see `writes._erase`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Rows are mixed within a scope (one opinion form, one ballot box): "feedback:12".
    scope = models.CharField("范围", max_length=100)
    day = models.DateField("日期")
    payload = models.TextField("内容")

    class Meta:
        verbose_name = "待写入的匿名记录"
        verbose_name_plural = "待写入的匿名记录"
        indexes = [models.Index(fields=["scope", "day"])]
