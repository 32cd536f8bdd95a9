// Unit tests for ConnectionSettings: what --db and DATABASE_URL accept, and that a password
// or any other secret option never leaks into errors or display strings.

#include "db/connectionsettings.h"
#include "resultassert.h"

#include <QElapsedTimer>
#include <QTest>

#include <libpq-fe.h>

using namespace revisor;

namespace {

QStringList keywordsOf(const ConnectionSettings &s)
{
    QStringList out;
    for (const auto &[k, v] : s.keywords())
        out << k + QLatin1Char('=') + v;
    out.sort();
    return out;
}

// Sets or unsets environment variables for one test and restores them afterwards.
class EnvGuard
{
public:
    explicit EnvGuard(const QList<const char *> &names)
    {
        for (const char *name : names)
            m_saved.append({name, qEnvironmentVariableIsSet(name), qgetenv(name)});
    }
    ~EnvGuard()
    {
        for (const auto &[name, wasSet, value] : m_saved) {
            if (wasSet)
                qputenv(name, value);
            else
                qunsetenv(name);
        }
    }
    static void set(const char *name, const QString &value)
    {
        // A null QString means "unset"; an empty one sets the variable to "".
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value.toUtf8());
    }

private:
    QList<std::tuple<const char *, bool, QByteArray>> m_saved;
};

} // namespace

class TestConnectionSettings : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void equivalentForms();
    void invalid_data();
    void invalid();
    void setValue();
    void emptyIsLibpqDefaults();
    void fromArgumentOrEnvironment_data();
    void fromArgumentOrEnvironment();
    void invalidDatabaseUrl();
    void databaseName_data();
    void databaseName();
    void secretOptionsComeFromLibpq();
    void secretOptionNeverDisplayed_data();
    void secretOptionNeverDisplayed();
    void secretInsideDbnameNeverDisplayed_data();
    void secretInsideDbnameNeverDisplayed();
    void nestedDbnameUrlsStayLinear();
};

void TestConnectionSettings::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("keywords"); // sorted "k=v"
    QTest::addColumn<QString>("password");     // "" = none

    QTest::newRow("libpq URL")
        << "postgresql://user:secret@host:5433/db?sslmode=require"
        << QStringList{"dbname=db", "host=host", "password=secret", "port=5433", "sslmode=require", "user=user"} << "secret";
    QTest::newRow("postgres:// scheme")
        << "postgres://alice@db.example.com/app" << QStringList{"dbname=app", "host=db.example.com", "user=alice"} << "";
    QTest::newRow("URL, percent-encoded password")
        << "postgresql://bob:p%40ss%20w%3Ard@localhost/x" << QStringList{"dbname=x", "host=localhost", "password=p@ss w:rd", "user=bob"}
        << "p@ss w:rd";
    QTest::newRow("URL, unix socket host in query")
        << "postgresql:///db?host=/var/run/postgresql&port=5444" << QStringList{"dbname=db", "host=/var/run/postgresql", "port=5444"} << "";
    QTest::newRow("URL with surrounding spaces")
        << "  postgresql://u:pw123@h/d  " << QStringList{"dbname=d", "host=h", "password=pw123", "user=u"} << "pw123";
    QTest::newRow("keyword string")
        << "host=localhost port=5432 dbname=mydb user=me password=hunter2 connect_timeout=5"
        << QStringList{"connect_timeout=5", "dbname=mydb", "host=localhost", "password=hunter2", "port=5432", "user=me"} << "hunter2";
    QTest::newRow("keyword string, quoted values")
        << "host=h password='my secret' dbname='my db' user='o\\'brien'"
        << QStringList{"dbname=my db", "host=h", "password=my secret", "user=o'brien"} << "my secret";
    QTest::newRow("SQLAlchemy asyncpg URL from the seed")
        << "postgresql+asyncpg://postgres:postgres@localhost:5432/codebase_mcp_test"
        << QStringList{"dbname=codebase_mcp_test", "host=localhost", "password=postgres", "port=5432", "user=postgres"} << "postgres";
    QTest::newRow("SQLAlchemy psycopg2 URL")
        << "postgresql+psycopg2://scott:tiger@dbhost:6543/test?sslmode=disable"
        << QStringList{"dbname=test", "host=dbhost", "password=tiger", "port=6543", "sslmode=disable", "user=scott"} << "tiger";
    QTest::newRow("SQLAlchemy psycopg (3) URL, postgres+ scheme")
        << "postgres+psycopg://scott:tiger@dbhost/test" << QStringList{"dbname=test", "host=dbhost", "password=tiger", "user=scott"} << "tiger";
    QTest::newRow("service") << "service=foo" << QStringList{"service=foo"} << "";
    QTest::newRow("service and dbname") << "service=foo dbname=bar" << QStringList{"dbname=bar", "service=foo"} << "";
    QTest::newRow("empty string") << "" << QStringList() << "";
    QTest::newRow("blank string") << "   " << QStringList() << "";
    QTest::newRow("bare URL") << "postgresql://" << QStringList() << "";
}

void TestConnectionSettings::parse()
{
    QFETCH(QString, text);
    QFETCH(QStringList, keywords);
    QFETCH(QString, password);

    const auto parsed = ConnectionSettings::parse(text);
    QVERIFY_RESULT(parsed);
    QCOMPARE(keywordsOf(*parsed), keywords);
    QCOMPARE(parsed->value(QStringLiteral("password")), password);

    // redacted() never shows the password.
    const QString redacted = parsed->redacted();
    QVERIFY2(!redacted.contains(QStringLiteral("password")), qPrintable(redacted));
    bool passwordIsAlsoAnotherValue = false;
    for (const auto &[k, v] : parsed->keywords())
        passwordIsAlsoAnotherValue |= k != QLatin1String("password") && v.contains(password);
    if (!password.isEmpty() && !passwordIsAlsoAnotherValue)
        QVERIFY2(!redacted.contains(password), qPrintable(redacted));
    for (const auto &[k, v] : parsed->keywords()) {
        if (k != QLatin1String("password"))
            QVERIFY2(redacted.contains(v), qPrintable(redacted));
    }

    // conninfo() holds everything (it is what libpq gets) and parses back to the same settings.
    const QString conninfo = parsed->conninfo();
    if (!password.isEmpty())
        QVERIFY2(conninfo.contains(QStringLiteral("password=")), qPrintable(conninfo));
    const auto again = ConnectionSettings::parse(conninfo);
    QVERIFY_RESULT(again);
    QCOMPARE(keywordsOf(*again), keywords);
    QVERIFY(*again == *parsed);
}

void TestConnectionSettings::equivalentForms()
{
    const auto url = ConnectionSettings::parse(QStringLiteral("postgresql://u:pw@h:5433/d?sslmode=require"));
    const auto sqlalchemy = ConnectionSettings::parse(QStringLiteral("postgresql+asyncpg://u:pw@h:5433/d?sslmode=require"));
    const auto keywords = ConnectionSettings::parse(QStringLiteral("sslmode=require dbname=d port=5433 host=h password=pw user=u"));
    QVERIFY(url && sqlalchemy && keywords);
    QCOMPARE(keywordsOf(*sqlalchemy), keywordsOf(*url));
    QCOMPARE(keywordsOf(*keywords), keywordsOf(*url));
}

void TestConnectionSettings::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("password"); // must not appear in the error

    QTest::newRow("unknown keyword") << "host=h password=s3cr3tpw bogus=1" << "s3cr3tpw";
    QTest::newRow("missing =") << "host=h password=s3cr3tpw oops" << "s3cr3tpw";
    QTest::newRow("unterminated quote") << "host=h password='s3cr3tpw" << "s3cr3tpw";
    QTest::newRow("unknown URL parameter") << "postgresql://u:s3cr3tpw@h/db?bogus=1" << "s3cr3tpw";
    QTest::newRow("SQLAlchemy URL, unknown parameter") << "postgresql+asyncpg://u:s3cr3tpw@h/db?bogus=1" << "s3cr3tpw";
    // Regression (fixed): libpq quotes the undecodable token, i.e. the password.
    QTest::newRow("bad percent-encoding in the password") << "postgresql://u:s3cr3t%ZZpw@h/db" << "s3cr3t";
    // Regression (fixed): libpq quotes the whole URI, password included.
    QTest::newRow("unterminated IPv6 host") << "postgresql://u:s3cr3tpw@[::1/db" << "s3cr3tpw";
    // Regression (fixed, found by fuzz_connectionsettings): a double quote in the input ended
    // the masked span early and let the rest of the echo, password included, through.
    QTest::newRow("double quotes in a mistyped URL") << "postgresql+asyncpg:\"\"\"//u:s3cr3tpw@h/db" << "s3cr3tpw";
    QTest::newRow("double quote in a badly percent-encoded password") << "postgresql://u:pa\"s3cr3t%ZZpw@h/db" << "s3cr3t";
}

void TestConnectionSettings::invalid()
{
    QFETCH(QString, text);
    QFETCH(QString, password);
    const auto parsed = ConnectionSettings::parse(text);
    QVERIFY2(!parsed.has_value(), "an invalid connection string was accepted");
    const Error &e = parsed.error();
    QCOMPARE(e.exitCode(), 2);
    QVERIFY2(e.message.startsWith(QStringLiteral("invalid connection string")), qPrintable(e.message));
    QVERIFY2(!e.toString().contains(password), qPrintable(e.toString()));
    QVERIFY2(!e.statement.contains(password) && !e.detail.contains(password) && !e.hint.contains(password), "password in a detail field");
}

void TestConnectionSettings::setValue()
{
    auto parsed = ConnectionSettings::parse(QStringLiteral("host=h user=u"));
    QVERIFY(parsed.has_value());
    ConnectionSettings s = *parsed;
    s.setValue(QStringLiteral("host"), QStringLiteral("other"));
    s.setValue(QStringLiteral("password"), QStringLiteral("pa ss'w\\d"));
    QCOMPARE(s.value(QStringLiteral("host")), QStringLiteral("other"));
    QCOMPARE(s.value(QStringLiteral("password")), QStringLiteral("pa ss'w\\d"));
    QCOMPARE(s.value(QStringLiteral("port")), QString());
    QCOMPARE(s.keywords().size(), 3);
    QVERIFY2(!s.redacted().contains(QStringLiteral("pa ss")), qPrintable(s.redacted()));
    const auto again = ConnectionSettings::parse(s.conninfo());
    QVERIFY_RESULT(again);
    QCOMPARE(again->value(QStringLiteral("password")), QStringLiteral("pa ss'w\\d"));
    QCOMPARE(again->value(QStringLiteral("host")), QStringLiteral("other"));
}

void TestConnectionSettings::emptyIsLibpqDefaults()
{
    const auto parsed = ConnectionSettings::parse(QString());
    QVERIFY(parsed.has_value());
    QVERIFY(parsed->keywords().isEmpty());
    QCOMPARE(parsed->conninfo(), QString());
    QVERIFY2(parsed->redacted().contains(QStringLiteral("libpq defaults")), qPrintable(parsed->redacted()));
    QVERIFY(*parsed == ConnectionSettings());
}

void TestConnectionSettings::fromArgumentOrEnvironment_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("databaseUrl"); // null = unset
    QTest::addColumn<QStringList>("keywords");

    QTest::newRow("argument wins over DATABASE_URL")
        << "postgresql://arg@arghost/argdb" << "postgresql://env@envhost/envdb" << QStringList{"dbname=argdb", "host=arghost", "user=arg"};
    QTest::newRow("argument, no DATABASE_URL") << "host=a dbname=b" << QString() << QStringList{"dbname=b", "host=a"};
    QTest::newRow("DATABASE_URL when no argument")
        << "" << "postgresql+asyncpg://env:pw@envhost:5432/envdb"
        << QStringList{"dbname=envdb", "host=envhost", "password=pw", "port=5432", "user=env"};
    QTest::newRow("DATABASE_URL when the argument is blank") << "  " << "service=svc" << QStringList{"service=svc"};
    QTest::newRow("neither: libpq defaults") << "" << QString() << QStringList();
    QTest::newRow("empty DATABASE_URL: libpq defaults") << "" << "" << QStringList();
}

void TestConnectionSettings::fromArgumentOrEnvironment()
{
    QFETCH(QString, argument);
    QFETCH(QString, databaseUrl);
    QFETCH(QStringList, keywords);

    EnvGuard guard({"DATABASE_URL"});
    EnvGuard::set("DATABASE_URL", databaseUrl);
    const auto settings = ConnectionSettings::fromArgumentOrEnvironment(argument);
    QVERIFY_RESULT(settings);
    QCOMPARE(keywordsOf(*settings), keywords);
}

void TestConnectionSettings::invalidDatabaseUrl()
{
    EnvGuard guard({"DATABASE_URL"});
    EnvGuard::set("DATABASE_URL", QStringLiteral("postgresql://u:s3cr3tpw@h/db?bogus=1"));
    const auto settings = ConnectionSettings::fromArgumentOrEnvironment(QString());
    QVERIFY(!settings.has_value());
    QVERIFY2(settings.error().message.startsWith(QStringLiteral("DATABASE_URL: ")), qPrintable(settings.error().message));
    QVERIFY2(!settings.error().toString().contains(QStringLiteral("s3cr3tpw")), qPrintable(settings.error().toString()));
    QCOMPARE(settings.error().exitCode(), 2);
    // A valid argument does not even look at the broken DATABASE_URL.
    QVERIFY(ConnectionSettings::fromArgumentOrEnvironment(QStringLiteral("host=h")).has_value());
}

void TestConnectionSettings::databaseName_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pgdatabase"); // null = unset
    QTest::addColumn<QString>("pguser");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("expected");

    QTest::newRow("explicit dbname") << "postgresql://u@h/explicit" << "envdb" << "envuser" << "osuser" << "explicit";
    QTest::newRow("PGDATABASE") << "postgresql://u@h" << "envdb" << "envuser" << "osuser" << "envdb";
    QTest::newRow("user from the settings") << "host=h user=alice" << QString() << "envuser" << "osuser" << "alice";
    QTest::newRow("PGUSER") << "host=h" << QString() << "envuser" << "osuser" << "envuser";
    QTest::newRow("OS user") << "" << QString() << QString() << "osuser" << "osuser";
    QTest::newRow("empty PGDATABASE is ignored") << "user=bob" << "" << QString() << "osuser" << "bob";
}

void TestConnectionSettings::databaseName()
{
    QFETCH(QString, text);
    QFETCH(QString, pgdatabase);
    QFETCH(QString, pguser);
    QFETCH(QString, user);
    QFETCH(QString, expected);

    EnvGuard guard({"PGDATABASE", "PGUSER", "USER"});
    EnvGuard::set("PGDATABASE", pgdatabase);
    EnvGuard::set("PGUSER", pguser);
    EnvGuard::set("USER", user);
    const auto settings = ConnectionSettings::parse(text);
    QVERIFY(settings.has_value());
    QCOMPARE(settings->databaseName(), expected);
}

void TestConnectionSettings::secretOptionsComeFromLibpq()
{
    // libpq marks the options it never displays with dispchar "*".
    QStringList marked;
    PQconninfoOption *options = PQconninfoParse("", nullptr);
    for (PQconninfoOption *o = options; o && o->keyword; ++o) {
        if (o->dispchar && o->dispchar[0] == '*')
            marked << QString::fromUtf8(o->keyword);
    }
    PQconninfoFree(options);
    marked.sort();
    QCOMPARE(secretConnectionOptions(), marked);
    for (const char *secret : {"password", "sslpassword"})
        QVERIFY2(isSecretConnectionOption(QLatin1String(secret)), secret);
    // Paths to secrets and everything else are shown.
    for (const char *shown : {"host", "user", "dbname", "sslkey", "passfile", "sslmode", "service", "options"})
        QVERIFY2(!isSecretConnectionOption(QLatin1String(shown)), shown);
}

void TestConnectionSettings::secretOptionNeverDisplayed_data()
{
    QTest::addColumn<QString>("keyword");
    for (const QString &keyword : secretConnectionOptions())
        QTest::newRow(qPrintable(keyword)) << keyword;
}

void TestConnectionSettings::secretOptionNeverDisplayed()
{
    QFETCH(QString, keyword);
    const QString secret = QStringLiteral("S3cr3t-") + keyword;
    for (const QString &text : {QStringLiteral("host=h user=u %1='%2' dbname=d").arg(keyword, secret),
                                QStringLiteral("postgresql://u@h/d?%1=%2").arg(keyword, secret)}) {
        const auto parsed = ConnectionSettings::parse(text);
        QVERIFY2(parsed.has_value(), qPrintable(text));
        QCOMPARE(parsed->value(keyword), secret);
        QVERIFY2(parsed->conninfo().contains(secret), "libpq must still get the secret");
        const QString redacted = parsed->redacted();
        QVERIFY2(!redacted.contains(secret) && !redacted.contains(keyword), qPrintable(redacted));
        QVERIFY2(redacted.contains(QStringLiteral("host=h")) && redacted.contains(QStringLiteral("dbname=d")), qPrintable(redacted));
        const ConnectionSettings clean = parsed->withoutSecrets();
        QCOMPARE(clean.value(keyword), QString());
        QCOMPARE(clean.keywords().size(), parsed->keywords().size() - 1);
    }
}

void TestConnectionSettings::secretInsideDbnameNeverDisplayed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("kept"); // what the redacted form still shows of the dbname

    // libpq expands a dbname that is itself a URL or keyword string (PQconnectdbParams), so
    // its value may carry a password.
    QTest::newRow("URL as dbname") << "host=h dbname='postgresql://u:S3cr3t@inner/db'" << "inner";
    QTest::newRow("keyword string as dbname") << "host=h dbname='host=inner sslpassword=S3cr3t'" << "inner";
    QTest::newRow("URL parameter dbname") << "postgresql://h/?dbname=postgresql%3A%2F%2Fu%3AS3cr3t%40inner%2Fdb" << "inner";
    QTest::newRow("unparseable connection string as dbname") << "host=h dbname='password=S3cr3t bogus'" << "";
}

void TestConnectionSettings::secretInsideDbnameNeverDisplayed()
{
    QFETCH(QString, text);
    QFETCH(QString, kept);
    const auto parsed = ConnectionSettings::parse(text);
    QVERIFY2(parsed.has_value(), qPrintable(text));
    const QString redacted = parsed->redacted();
    QVERIFY2(!redacted.contains(QStringLiteral("S3cr3t")), qPrintable(redacted));
    QVERIFY2(redacted.contains(QStringLiteral("host=h")), qPrintable(redacted));
    QVERIFY2(redacted.contains(kept), qPrintable(redacted));
    const ConnectionSettings clean = parsed->withoutSecrets();
    QVERIFY2(!clean.conninfo().contains(QStringLiteral("S3cr3t")), qPrintable(clean.conninfo()));
    QCOMPARE(clean.value(QStringLiteral("host")), QStringLiteral("h"));
}

// Found by fuzz_connectionsettings: a dbname URL whose dbname is a URL, nested a dozen times,
// made redaction recurse at every level and ran for minutes. libpq expands only the outer
// dbname, so redaction looks one level deep.
void TestConnectionSettings::nestedDbnameUrlsStayLinear()
{
    const QString nested = QStringLiteral("postgresql://w@h54/postgresql://w@,27/postgresql://w@h54sqw@h54/postgresql://w@,27/postgresql://w@h54/postgresql://w@,27/postgresql://w@h54sqw@h54/postgresql://w@h54/postgresql://w@<27/postgresql://w@h54sqw@h54/postgresql://w@,27/postgresql://w@h54/postgresql://w@,27/postgresql://w@h54sqw@h54/postgresql://w@,h54ssqw@54/postgresql://w@,27/postgresql://w@h54sqw@h54/postgresql://w@,27/postgresql://w@h54/postgresql://@h5w@h54/postgresql://4/postgresql://w@h54/postgresql://w@,27/postgresql://w@h5,27/popfal=bstgresql://w,27`postg");
    QElapsedTimer timer;
    timer.start();
    const auto settings = ConnectionSettings::parse(nested);
    if (settings) {
        const QString shown = settings->redacted();
        QVERIFY(!shown.isEmpty());
    }
    // Generous for any machine; the old code needed minutes.
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_connectionsettings.moc"
