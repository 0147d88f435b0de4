# «En estas fechas»: una serie que se reúne en días listados uno a uno (issue 30).
register-meet-on-dates = En estas fechas (escribidlas abajo)
register-meet-dates = Las fechas en que os reunís
event-repeat-dates = En estas fechas (escríbalas abajo)
event-form-dates = Las fechas
dates-hint = Día/mes/año, por ejemplo 12/01/2027, 09/02/2027, 23/03/2027 (2027-01-12 también vale). Separadas por comas, espacios o un salto de línea. Como mucho 52, ninguna ya pasada. Con otra opción arriba, estas fechas se le suman.
problem-too-many-dates = Esta lista tiene { $given } fechas; un evento admite como mucho { $max }. Repártalas en dos eventos, o elija una repetición como cada semana.
problem-date-in-past = El { $given } ya pasó: ponga solo fechas de hoy en adelante.
# Las revisiones de una ficha en su página de moderación (issue 30).
mod-revision-change = { $field }: { $before } → { $after }
mod-revision-empty = (vacío)
