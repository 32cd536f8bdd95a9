#include "readsettings.h"

#include "db/session.h"

#include <QStringList>

namespace revisor {

namespace {

// One round trip: SELECT set_config($1, $2, true), ... for every setting.
Status setLocally(Session &session, const Settings &settings)
{
    QStringList sql, params;
    for (const auto &[name, value] : settings) {
        sql << QStringLiteral("pg_catalog.set_config($%1, $%2, true)").arg(params.size() + 1).arg(params.size() + 2);
        params << name << value;
    }
    if (auto r = session.exec(QStringLiteral("SELECT ") + sql.join(QStringLiteral(", ")), params); !r)
        return fail(r.error());
    return {};
}

} // namespace

const Settings &readSettings()
{
    static const Settings settings{
        {QStringLiteral("TimeZone"), QStringLiteral("UTC")},
        {QStringLiteral("DateStyle"), QStringLiteral("ISO, YMD")},
        {QStringLiteral("IntervalStyle"), QStringLiteral("postgres")},
        {QStringLiteral("extra_float_digits"), QStringLiteral("1")},
        {QStringLiteral("bytea_output"), QStringLiteral("hex")},
        {QStringLiteral("lc_monetary"), QStringLiteral("C")},
        // reg* values print schema-qualified unless visible on the path: make that fixed.
        {QStringLiteral("search_path"), QStringLiteral("pg_catalog")},
        // Compiling catalog and hashing queries never pays off: from a few thousand tables on,
        // their estimated costs pass jit_above_cost and compiling takes longer than running.
        {QStringLiteral("jit"), QStringLiteral("off")},
    };
    return settings;
}

Result<Settings> pinSettings(Session &session, const Settings &pinned)
{
    QStringList sql, params;
    for (const auto &setting : pinned) {
        sql << QStringLiteral("pg_catalog.current_setting($%1)").arg(params.size() + 1);
        params << setting.first;
    }
    auto r = session.exec(QStringLiteral("SELECT ") + sql.join(QStringLiteral(", ")), params);
    if (!r)
        return fail(r.error());
    Settings saved;
    for (qsizetype i = 0; i < pinned.size(); ++i)
        saved.append({pinned.at(i).first, r->value(0, int(i))});
    if (auto set = setLocally(session, pinned); !set)
        return fail(set.error());
    return saved;
}

Status restoreSettings(Session &session, const Settings &saved)
{
    return setLocally(session, saved);
}

} // namespace revisor
