# Sourced by the load scripts: an API token for the initial admin of a fresh app, made the way a
# person makes one (docs/api.md, "Accounts and tokens"): the CSRF cookie, a form sign-in, then the
# account page's call. Usage: token=$(api_token http://127.0.0.1:PORT PASSWORD WORKDIR)
api_token() {
  local base=$1 password=$2 jar="$3/cookies.txt"
  xsrf() { awk '$6 == "XSRF-TOKEN" {print $7}' "$jar"; }
  curl -sf -c "$jar" "$base/api/v1/auth/me" >/dev/null
  curl -sf -b "$jar" -c "$jar" -H "X-XSRF-TOKEN: $(xsrf)" --data-urlencode username=admin \
    --data-urlencode password="$password" "$base/api/v1/auth/login" >/dev/null
  curl -sf -b "$jar" -c "$jar" "$base/api/v1/auth/me" >/dev/null
  curl -sf -b "$jar" -H "X-XSRF-TOKEN: $(xsrf)" -H 'Content-Type: application/json' -d '{"name":"load scripts"}' \
    "$base/api/v1/account/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/'
}
