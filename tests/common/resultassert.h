#pragma once

#include "core/error.h"

#include <QString>
#include <QTest>

/// QVERIFY for a Result<T> or a Status: on failure the test fails with the expression and the
/// error's full text (message, SQLSTATE, file:line), and returns from the test function.
#define QVERIFY_RESULT(expr)                                                                        \
    do {                                                                                            \
        const auto &revisorResult_ = (expr);                                                        \
        if (!revisorResult_) {                                                                      \
            QTest::qFail(qPrintable(QStringLiteral("'%1' failed: %2")                              \
                                        .arg(QStringLiteral(#expr), revisorResult_.error().toString())), \
                         __FILE__, __LINE__);                                                       \
            return;                                                                                 \
        }                                                                                           \
    } while (false)

/// A result that failed for bad input (ErrorKind::Input, exit code 2) naming the expected file and line.
#define QVERIFY_INPUT_ERROR(expr, expectedFile, expectedLine)                                                        \
    do {                                                                                            \
        const auto &revisorInput_ = (expr);                                                         \
        QVERIFY2(!revisorInput_, "bad input was accepted");                                         \
        QCOMPARE(revisorInput_.error().kind, revisor::ErrorKind::Input);                            \
        QCOMPARE(revisorInput_.error().exitCode(), 2);                                              \
        QCOMPARE(revisorInput_.error().file, expectedFile);                                                 \
        QCOMPARE(revisorInput_.error().line, expectedLine);                                                 \
    } while (false)
