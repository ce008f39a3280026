"""`field__any_of=ids`: membership in a long list of keys as one parameter.

The county's pages filter by hundreds of keys at a time (the overview: every organisation
of the county and their 500 meetings; the phases' batched statuses: every meeting). As
`__in` each key is its own `%s`, and psycopg parses a statement of more than 50
parameters afresh every time instead of from its cache: 500 keys cost more in the client
than the query does in the server. On PostgreSQL `= ANY(%s)` sends them as one array;
elsewhere it is the plain `IN`.
"""

from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            if not self.rhs:
                return "1 = 0", []  # IN () is not SQL
            return In(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


def install() -> None:
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)  # a relation's lookups stop at ForeignObject
