#!/usr/bin/perl
# Writes the GeoIP test databases the tests and the demo use, with Debian's
# libmaxmind-db-writer-perl. No third-party database is committed: every
# network and name below is made up for testing.
#
#   perl make_test_databases.pl OUTPUT_FOLDER
#
# Three layouts: GeoIP2 City, GeoIP2 Country, and a flat one with a
# top-level country_code (as free country databases have).
use strict;
use warnings;
use utf8;
use MaxMind::DB::Writer::Tree;

my $out = shift @ARGV or die "usage: $0 OUTPUT_FOLDER\n";

my %types = (
    city => 'map', continent => 'map', country => 'map', location => 'map', names => 'map',
    subdivisions => ['array', 'map'], registered_country => 'map',
    code => 'utf8_string', iso_code => 'utf8_string', time_zone => 'utf8_string',
    en => 'utf8_string', de => 'utf8_string', fa => 'utf8_string',
    is_in_european_union => 'boolean', country_code => 'utf8_string',
    (map { $_ => 'utf8_string' } qw(es fr ja pt-BR ru zh-CN)),
    geoname_id => 'uint32', postal => 'map', accuracy_radius => 'uint16',
    latitude => 'double', longitude => 'double', metro_code => 'uint16',
);

# City records carry what GeoIP2 City records carry besides the fields Tact
# reads (names in nine languages, geoname ids, coordinates, postal code,
# registered country), so that decoding a record costs here what it costs
# with MaxMind's databases.
sub names {
    my ($name) = @_;
    return { map { $_ => $name } qw(de en es fa fr ja pt-BR ru zh-CN) };
}
my $next_geoname_id = 2_000_000;
sub place {
    my (%fields) = @_;
    return { geoname_id => $next_geoname_id++, names => names($fields{name}),
             map { $_ eq 'name' ? () : ($_ => $fields{$_}) } keys %fields };
}

# Documentation and test ranges (RFC 5737, RFC 3849) stand for visitors.
my @places = (
    ['192.0.2.0/26',      'EU', 'DE', 'BY', 'München',    'Europe/Berlin',     1],
    ['192.0.2.64/26',     'EU', 'GB', 'ENG', 'London',    'Europe/London',     0],
    ['192.0.2.128/26',    'NA', 'US', 'CA', 'San José',   'America/Los_Angeles', 0],
    ['192.0.2.192/26',    'NA', 'US', 'CO', 'Denver',     'America/Denver',    0],
    ['198.51.100.0/25',   'AS', 'IR', '23', 'تهران',      'Asia/Tehran',       0],
    ['198.51.100.128/25', 'SA', 'BR', 'SP', 'São Paulo',  'America/Sao_Paulo', 0],
    ['203.0.113.0/25',    'EU', 'NO', '03', 'Oslo',       'Europe/Oslo',       0],
    ['2001:db8:1::/48',   'EU', 'FR', 'IDF', 'Paris',     'Europe/Paris',      1],
    ['2001:db8:2::/48',   'NA', 'US', 'CA', 'Los Angeles', 'America/Los_Angeles', 0],
);
# A network the database knows only down to the country: no city, no time zone.
my @country_only = (['203.0.113.128/25', 'EU', 'FR']);

sub tree {
    my ($type) = @_;
    return MaxMind::DB::Writer::Tree->new(
        ip_version => 6, record_size => 24, database_type => $type,
        languages => ['en'], description => { en => "Tact test database ($type)" },
        map_key_type_callback => sub { $types{ $_[0] } },
        remove_reserved_networks => 0, alias_ipv6_to_ipv4 => 1,
    );
}

sub write_tree {
    my ($tree, $file) = @_;
    open my $fh, '>:raw', "$out/$file" or die "cannot write $out/$file: $!\n";
    $tree->write_tree($fh);
    close $fh;
}

my ($city, $country, $flat) = (tree('GeoIP2-City'), tree('GeoIP2-Country'), tree('Tact-Flat-Country'));
for my $p (@places) {
    my ($network, $continent, $cc, $sub, $name, $tz, $eu) = @$p;
    my %base = (
        continent => { code => $continent },
        country => { iso_code => $cc, ($eu ? (is_in_european_union => 1) : ()) },
    );
    $city->insert_network($network, {
        continent => place(code => $continent, name => $continent),
        country => place(iso_code => $cc, name => $cc, ($eu ? (is_in_european_union => 1) : ())),
        registered_country => place(iso_code => $cc, name => $cc),
        subdivisions => [ place(iso_code => $sub, name => "$cc-$sub") ],
        city => place(name => $name),
        location => { accuracy_radius => 20, latitude => 48.1374, longitude => 11.5755,
                      time_zone => $tz },
        postal => { code => '80331' },
    });
    $country->insert_network($network, \%base);
    $flat->insert_network($network, { country_code => $cc });
}
for my $p (@country_only) {
    my ($network, $continent, $cc) = @$p;
    my %record = (continent => { code => $continent }, country => { iso_code => $cc });
    $city->insert_network($network, \%record);
    $country->insert_network($network, \%record);
    $flat->insert_network($network, { country_code => $cc });
}
write_tree($city, 'test-city.mmdb');
write_tree($country, 'test-country.mmdb');
write_tree($flat, 'test-flat.mmdb');
