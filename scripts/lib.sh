# Shared by the scripts in this directory (sourced, not run). Sets BERTH_ROOT, JAVA_HOME, PATH.
BERTH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
export JAVA_HOME=${BERTH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH=$JAVA_HOME/bin:$PATH
# Debian's Maven 3.8 calls sun.misc.Unsafe through Guava: silence JDK 25's warnings about it.
# jansi.noreset: it would otherwise print stray "ESC[0m" resets even with -B -q.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Djansi.noreset=true"

say() { printf '%s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }
