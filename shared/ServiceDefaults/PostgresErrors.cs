using Npgsql;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// What a failed statement means, however EF Core and Npgsql wrapped PostgreSQL's answer
/// (DbUpdateException, InvalidOperationException, or the PostgresException itself): the one place
/// that looks along the chain.
/// </summary>
public static class PostgresErrors
{
    /// <summary>The server's error behind <paramref name="exception"/>, or null when it is not one.</summary>
    public static PostgresException? FindPostgresError(this Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException postgres)
            {
                return postgres;
            }
        }
        return null;
    }

    /// <summary>
    /// A unique index refused the row (23505): of <paramref name="constraint"/> only, when given,
    /// so that another index's refusal is not mistaken for the duplicate being handled.
    /// </summary>
    public static bool IsUniqueViolation(this Exception exception, string? constraint = null) =>
        exception.FindPostgresError() is { SqlState: PostgresErrorCodes.UniqueViolation } error
            && (constraint is null || error.ConstraintName == constraint);

    /// <summary>
    /// The transaction lost a race with another one (a row inserted meanwhile, 23505, or a
    /// deadlock, 40P01): it changed nothing, and running it again from the start will see why.
    /// </summary>
    public static bool IsLostRace(this Exception exception) =>
        exception.FindPostgresError()?.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected;

    /// <summary>The database is restarting or unreachable: the request changed nothing and may be retried.</summary>
    public static bool IsTransientDatabaseFailure(this Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }
        return false;
    }
}
